# drivers/: virtio (mmio transport, split virtqueues) and the virtio-net driver.
KERNEL_SRCS += drivers/drivers.c drivers/virtq.c drivers/virtio_mmio.c drivers/virtio_net.c drivers/net_weak.c
