/* vfs/pipe.h: anonymous pipes. */
#ifndef KILN_VFS_PIPE_H
#define KILN_VFS_PIPE_H

#include "vfs/vfs.h"

extern const struct file_ops pipe_fops;
/* A new pipe: *rf reads, *wf writes (O_NONBLOCK from flags). */
int pipe_create(struct file **rf, struct file **wf, int flags);
/* F_GETPIPE_SZ / F_SETPIPE_SZ; -EBADF if f is not a pipe. */
long pipe_fcntl(struct file *f, int cmd, uint64_t arg);

#endif
