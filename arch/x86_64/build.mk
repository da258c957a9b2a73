# arch/x86_64: sources of the guest kernel
