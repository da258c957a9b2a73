/* syscall/sys_file.c: file descriptor system calls: argument checking; the
 * work is in vfs/. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "syscall/uaccess.h"
#include "vfs/pipe.h"
#include "vfs/vfs.h"

#define IOV_MAX 1024
#define FIONBIO 0x5421
#define FIONREAD 0x541b
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451

struct iovec {
    void *base;
    uint64_t len;
};

long user_path(char *dst, const char *upath, int allow_empty)
{
    long n = strncpy_from_user(dst, upath, PATH_MAX);
    if (n < 0)
        return n;
    if (n == 0 && !allow_empty)
        return -ENOENT;
    return n;
}

long user_lookup(const char *upath, struct inode **out)
{
    char path[PATH_MAX];
    long err = user_path(path, upath, 0);
    if (err < 0)
        return err;
    return vfs_lookup(0, path, LOOKUP_FOLLOW, out);
}

long sys_read(int fd, void *buf, uint64_t n)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    return vfs_read(f, buf, n, &f->pos);
}

long sys_write(int fd, const void *buf, uint64_t n)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    return vfs_write(f, buf, n, &f->pos);
}

static int seekable(struct file *f)
{
    return f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
                        S_ISCHR(f->inode->mode) || S_ISBLK(f->inode->mode));
}

/* The file for a positioned read or write at off: -EBADF, -EINVAL, -ESPIPE. */
static long positioned(int fd, int64_t off, struct file **f)
{
    *f = fd_get(fd);
    if (!*f)
        return -EBADF;
    if (off < 0)
        return -EINVAL;
    return seekable(*f) ? 0 : -ESPIPE;
}

long sys_pread64(int fd, void *buf, uint64_t n, int64_t off)
{
    struct file *f;
    long err = positioned(fd, off, &f);
    uint64_t pos = off;
    return err ? err : vfs_read(f, buf, n, &pos);
}

long sys_pwrite64(int fd, const void *buf, uint64_t n, int64_t off)
{
    struct file *f;
    long err = positioned(fd, off, &f);
    if (err)
        return err;
    uint64_t pos = off;
    /* Linux quirk kept: with O_APPEND, pwrite appends */
    if (f->flags & O_APPEND)
        pos = f->inode->size;
    return vfs_write(f, buf, n, &pos);
}

static int seekable(struct file *f);

/* readv/writev at the file position (off -1), or at off (preadv...). */
static long do_iov(int fd, const struct iovec *uiov, int cnt, int write, int64_t off)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if ((f->flags & O_ACCMODE) == (write ? O_RDONLY : O_WRONLY) || (f->flags & O_PATH))
        return -EBADF;
    if (cnt < 0 || cnt > IOV_MAX)
        return -EINVAL;
    uint64_t pos = off, *ppos = off == -1 ? &f->pos : &pos;
    if (off != -1 && !seekable(f))
        return -ESPIPE;
    if (off < -1)
        return -EINVAL;
    struct iovec iov[16];
    long done = 0;
    uint64_t total = 0;
    for (int i = 0; i < cnt; i += 16) {
        int k = cnt - i < 16 ? cnt - i : 16;
        if (copy_from_user(iov, uiov + i, k * sizeof(iov[0])))
            return done ? done : -EFAULT;
        for (int j = 0; j < k; j++) {
            if ((int64_t)iov[j].len < 0 || (total += iov[j].len) > 0x7fffffffffffffffull)
                return done ? done : -EINVAL;
            if (!iov[j].len)
                continue;
            long r = write ? vfs_write(f, iov[j].base, iov[j].len, ppos)
                           : vfs_read(f, iov[j].base, iov[j].len, ppos);
            if (r < 0)
                return done ? done : r;
            done += r;
            if ((uint64_t)r < iov[j].len)
                return done;
        }
    }
    return done;
}

long sys_readv(int fd, const struct iovec *iov, int cnt)
{
    return do_iov(fd, iov, cnt, 0, -1);
}

long sys_writev(int fd, const struct iovec *iov, int cnt)
{
    return do_iov(fd, iov, cnt, 1, -1);
}

/* x86-64 passes the whole offset in pos_l (pos_h is for 32-bit ABIs). */
long sys_preadv(int fd, const struct iovec *iov, int cnt, int64_t pos_l, int64_t pos_h)
{
    return pos_l < 0 ? -EINVAL : do_iov(fd, iov, cnt, 0, pos_l);
}

long sys_pwritev(int fd, const struct iovec *iov, int cnt, int64_t pos_l, int64_t pos_h)
{
    return pos_l < 0 ? -EINVAL : do_iov(fd, iov, cnt, 1, pos_l);
}

#define RWF_SUPPORTED 0x1f /* HIPRI DSYNC SYNC NOWAIT APPEND: all fine on tmpfs */

/* offset -1: the file position, as readv */
long sys_preadv2(int fd, const struct iovec *iov, int cnt, int64_t pos_l, int64_t pos_h, int flags)
{
    if (flags & ~RWF_SUPPORTED)
        return -EOPNOTSUPP;
    return pos_l < -1 ? -EINVAL : do_iov(fd, iov, cnt, 0, pos_l);
}

long sys_pwritev2(int fd, const struct iovec *iov, int cnt, int64_t pos_l, int64_t pos_h, int flags)
{
    if (flags & ~RWF_SUPPORTED)
        return -EOPNOTSUPP;
    return pos_l < -1 ? -EINVAL : do_iov(fd, iov, cnt, 1, pos_l);
}

long sys_flock(int fd, int op)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return vfs_flock(f, op);
}

long sys_syncfs(int fd)
{
    return fd_get(fd) ? 0 : -EBADF; /* tmpfs: nothing to write back */
}

long sys_sync_file_range(int fd, int64_t off, int64_t n, unsigned flags)
{
    struct file *f = fd_get(fd);
    if (flags & ~7u)
        return -EINVAL;
    if (off < 0 || n < 0)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (f->inode && S_ISFIFO(f->inode->mode))
        return -ESPIPE;
    return 0;
}

/* Resolve the directory for an *at call: an absolute path ignores dirfd. */
int at_dir(int dirfd, const char *path, struct inode **dir)
{
    *dir = 0;
    if (path[0] == '/')
        return 0;
    return vfs_dirfd(dirfd, dir);
}

#define OPEN_VALID                                                                          \
    (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC |  \
     O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | \
     O_SYNC | O_PATH | O_TMPFILE)

long sys_openat(int dirfd, const char *upath, int flags, uint32_t mode)
{
    char path[PATH_MAX];
    struct inode *dir;
    struct file *f;
    long err = user_path(path, upath, 0);
    if (err < 0)
        return err;
    err = at_dir(dirfd, path, &dir);
    if (err)
        return err;
    err = vfs_open(dir, path, flags & OPEN_VALID, mode, &f);
    return err ? err : fd_install_new(f, flags & O_CLOEXEC);
}

struct open_how {
    uint64_t flags, mode, resolve;
};

/* openat2: openat with Linux's strict checks; no RESOLVE_* restriction is
 * implemented yet (ENOSYS, so callers fall back to openat). */
long sys_openat2(int dirfd, const char *upath, const struct open_how *uhow, uint64_t size)
{
    struct open_how how;
    if (size < sizeof(how))
        return -EINVAL;
    if (size > PAGE_SIZE)
        return -E2BIG;
    if (copy_from_user(&how, uhow, sizeof(how)))
        return -EFAULT;
    for (uint64_t off = sizeof(how); off < size; off++) {
        uint8_t b;
        if (copy_from_user(&b, (const char *)uhow + off, 1))
            return -EFAULT;
        if (b)
            return -E2BIG; /* a newer struct with fields this kernel lacks */
    }
    if (how.flags & ~(uint64_t)(OPEN_VALID | O_CLOEXEC))
        return -EINVAL;
    if (how.mode & ~07777ull)
        return -EINVAL;
    if (how.mode && !(how.flags & (O_CREAT | O_TMPFILE)))
        return -EINVAL;
    if (how.resolve & ~0x3full)
        return -EINVAL;
    if ((how.resolve & 0x08) && (how.resolve & 0x10))
        return -EINVAL; /* RESOLVE_BENEATH with RESOLVE_IN_ROOT */
    if (how.resolve) {
        static int warned;
        if (!warned++)
            kprintf("kiln: unsupported syscall openat2 (437) with RESOLVE_ flags\n");
        return -ENOSYS;
    }
    return sys_openat(dirfd, upath, (int)how.flags, (uint32_t)how.mode);
}

long sys_open(const char *upath, int flags, uint32_t mode)
{
    return sys_openat(AT_FDCWD, upath, flags, mode);
}

long sys_creat(const char *upath, uint32_t mode)
{
    return sys_openat(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(int fd)
{
    return fd_close(fd);
}

#define CLOSE_RANGE_UNSHARE 2
#define CLOSE_RANGE_CLOEXEC 4

long sys_close_range(unsigned first, unsigned last, unsigned flags)
{
    if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) || first > last)
        return -EINVAL;
    struct fdtable *t = current()->proc->files;
    for (unsigned fd = first; fd <= last && fd < FD_MAX; fd++) {
        if (!t->fd[fd])
            continue;
        if (flags & CLOSE_RANGE_CLOEXEC)
            t->cloexec[fd] = 1;
        else
            sys_close(fd);
    }
    return 0;
}

long sys_lseek(int fd, int64_t off, int whence)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (!f->inode || (!seekable(f)))
        return -ESPIPE;
    if (S_ISCHR(f->inode->mode))
        return 0; /* character devices: Linux accepts and ignores */
    int64_t base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = f->pos;
        break;
    case SEEK_END:
        base = f->inode->size;
        break;
    case SEEK_DATA:
    case SEEK_HOLE:
        if (off < 0 || (uint64_t)off >= f->inode->size)
            return -ENXIO;
        f->pos = whence == SEEK_DATA ? (uint64_t)off : f->inode->size;
        return f->pos;
    default:
        return -EINVAL;
    }
    int64_t pos;
    if (__builtin_add_overflow(base, off, &pos))
        return -EOVERFLOW;
    if (pos < 0)
        return -EINVAL;
    f->pos = pos;
    return pos;
}

long sys_dup(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    file_get(f);
    int r = fd_install(f, 0, 0);
    if (r < 0)
        file_put(f);
    return r;
}

long sys_dup3(int old, int new, int flags)
{
    struct file *f = fd_get(old);
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    if (old == new)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (new < 0 || (uint64_t)new >= current()->proc->rlim[7].cur || new >= FD_MAX)
        return -EBADF;
    file_get(f);
    fd_close(new);
    int r = fd_install(f, new, flags & O_CLOEXEC);
    if (r != new) {
        file_put(f);
        return r < 0 ? r : -EBUSY;
    }
    return new;
}

long sys_dup2(int old, int new)
{
    if (old == new)
        return fd_get(old) ? new : -EBADF;
    return sys_dup3(old, new, 0);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

long sys_fcntl(int fd, int cmd, uint64_t arg)
{
    struct file *f = fd_get(fd);
    struct fdtable *t = current()->proc->files;
    if (!f)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if ((int64_t)arg < 0 || arg >= current()->proc->rlim[7].cur || arg >= FD_MAX)
            return -EINVAL;
        file_get(f);
        int r = fd_install(f, arg, cmd == F_DUPFD_CLOEXEC);
        if (r < 0)
            file_put(f);
        return r;
    }
    case F_GETFD:
        return t->cloexec[fd] ? FD_CLOEXEC : 0;
    case F_SETFD:
        t->cloexec[fd] = arg & FD_CLOEXEC;
        return 0;
    case F_GETFL:
        return f->flags | O_LARGEFILE;
    case F_SETFL:
        if (f->flags & O_PATH)
            return -EBADF;
        f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
        return 0;
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
        return pipe_fcntl(f, cmd, arg);
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case 36: /* F_OFD_GETLK */
    case 37: /* F_OFD_SETLK */
    case 38: /* F_OFD_SETLKW */
        return vfs_fcntl_lock(f, cmd, (void *)arg);
    default:
        return -EINVAL;
    }
}

long sys_ioctl(int fd, unsigned cmd, uint64_t arg)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->flags & O_PATH)
        return -EBADF;
    switch (cmd) {
    case FIOCLEX:
    case FIONCLEX:
        current()->proc->files->cloexec[fd] = cmd == FIOCLEX;
        return 0;
    case FIONREAD:
        if (f->inode && S_ISREG(f->inode->mode)) {
            int left = f->pos < f->inode->size ? (int)(f->inode->size - f->pos) : 0;
            return copy_to_user((void *)arg, &left, sizeof(left));
        }
        break;
    case FIONBIO: {
        int on;
        if (copy_from_user(&on, (void *)arg, sizeof(on)))
            return -EFAULT;
        f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
        return 0;
    }
    }
    if (f->ops && f->ops->ioctl)
        return f->ops->ioctl(f, cmd, arg);
    return -ENOTTY;
}

long sys_fsync(int fd)
{
    /* tmpfs has nothing to write back: success is the truth here */
    return fd_get(fd) ? 0 : -EBADF;
}

long sys_sync(void)
{
    return 0;
}

long sys_fadvise64(int fd, int64_t off, int64_t len, int advice)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISREG(f->inode->mode))
        return -ESPIPE;
    if (advice < 0 || advice > 5 || len < 0)
        return -EINVAL;
    return 0; /* advice only */
}
