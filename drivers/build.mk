# drivers/: virtio (mmio and pci transports, split virtqueues), PCI, and the virtio-net driver.
KERNEL_SRCS += drivers/drivers.c drivers/virtq.c drivers/virtio_mmio.c drivers/virtio_net.c drivers/net_weak.c
KERNEL_SRCS += drivers/pci.c drivers/virtio_pci.c drivers/virtio_pci_caps.c drivers/i8259.c
