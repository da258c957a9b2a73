# vfs: sources of the guest kernel
