KERNEL_SRCS += vfs/inode.c vfs/tmpfs.c vfs/lookup.c vfs/namei.c vfs/file.c vfs/fd.c vfs/cpio.c vfs/devfs.c vfs/console.c vfs/procfs.c
