KERNEL_SRCS += vfs/poll.c vfs/pipe.c vfs/eventfd.c vfs/epoll.c vfs/inode.c vfs/tmpfs.c vfs/lookup.c vfs/namei.c vfs/file.c vfs/fd.c vfs/cpio.c vfs/devfs.c vfs/console.c vfs/procfs.c vfs/procfs_text.c
