# syscall: sources of the guest kernel
