# kernel: sources of the guest kernel
