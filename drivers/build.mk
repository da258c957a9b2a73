# drivers/: virtio and PCI drivers arrive with the networking and block work.
