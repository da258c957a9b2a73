# mm: sources of the guest kernel
