# lib: sources of the guest kernel
