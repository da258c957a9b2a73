# loader: sources of the guest kernel
