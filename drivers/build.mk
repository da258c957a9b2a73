# drivers: sources of the guest kernel
