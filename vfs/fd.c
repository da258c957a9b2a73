/* vfs/fd.c: per-process file descriptor tables. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "mm/mm.h"

struct fdtable *fdtable_create(void)
{
    struct fdtable *t = kzalloc(sizeof(*t));
    if (t)
        t->refs = 1;
    return t;
}

struct fdtable *fdtable_dup(const struct fdtable *src)
{
    struct fdtable *t = fdtable_create();
    if (!t)
        return 0;
    t->top = src->top;
    for (int fd = 0; fd < src->top; fd++) {
        if (!src->fd[fd])
            continue;
        t->fd[fd] = src->fd[fd];
        t->cloexec[fd] = src->cloexec[fd];
        file_get(t->fd[fd]);
    }
    return t;
}

void fdtable_put(struct fdtable *t)
{
    if (!t || --t->refs)
        return;
    for (int fd = 0; fd < t->top; fd++)
        if (t->fd[fd]) {
            vfs_lock_close(t->fd[fd], 0); /* the process's POSIX locks end with it */
            file_put(t->fd[fd]);
        }
    kfree(t);
}

static struct fdtable *files(void)
{
    return current()->proc->files;
}

static uint64_t nofile_limit(void)
{
    uint64_t l = current()->proc->rlim[7].cur; /* RLIMIT_NOFILE */
    return l < FD_MAX ? l : FD_MAX;
}

int fd_install(struct file *f, int min, int cloexec)
{
    struct fdtable *t = files();
    uint64_t lim = nofile_limit();
    for (uint64_t fd = min; fd < lim; fd++) {
        if (!t->fd[fd]) {
            t->fd[fd] = f;
            t->cloexec[fd] = !!cloexec;
            if ((int)fd >= t->top)
                t->top = fd + 1;
            return fd;
        }
    }
    return -EMFILE;
}

int fd_install_new(struct file *f, int cloexec)
{
    int fd = fd_install(f, 0, cloexec);
    if (fd < 0)
        file_put(f);
    return fd;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || fd >= FD_MAX)
        return 0;
    return files()->fd[fd];
}

int fd_close(int fd)
{
    struct fdtable *t = files();
    if (fd < 0 || fd >= FD_MAX || !t->fd[fd])
        return -EBADF;
    struct file *f = t->fd[fd];
    t->fd[fd] = 0;
    t->cloexec[fd] = 0;
    vfs_lock_close(f, 0); /* POSIX locks go with any close, dup2 over it too (vfs/lock.c) */
    file_put(f);
    return 0;
}

int vfs_dirfd(int dirfd, struct inode **dir)
{
    if (dirfd == AT_FDCWD) {
        *dir = 0;
        return 0;
    }
    struct file *f = fd_get(dirfd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    *dir = f->inode;
    return 0;
}
