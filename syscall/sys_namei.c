/* syscall/sys_namei.c: creating, removing, renaming names; modes, owners,
 * times and sizes of inodes. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

/* Copy a path and resolve its *at directory in one step. */
static long path_at(int dirfd, const char *upath, char *path, struct inode **dir)
{
    long err = user_path(path, upath, 0);
    if (err < 0)
        return err;
    return at_dir(dirfd, path, dir);
}

long sys_mkdirat(int dirfd, const char *upath, uint32_t mode)
{
    char path[PATH_MAX];
    struct inode *dir;
    long err = path_at(dirfd, upath, path, &dir);
    return err ? err : vfs_mkdir(dir, path, mode);
}

long sys_mkdir(const char *upath, uint32_t mode)
{
    return sys_mkdirat(AT_FDCWD, upath, mode);
}

long sys_mknodat(int dirfd, const char *upath, uint32_t mode, uint64_t dev)
{
    char path[PATH_MAX];
    struct inode *dir;
    uint32_t type = mode & S_IFMT;
    if (type && type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
        type != S_IFSOCK)
        return -EINVAL;
    long err = path_at(dirfd, upath, path, &dir);
    return err ? err : vfs_mknod(dir, path, mode, dev);
}

long sys_mknod(const char *upath, uint32_t mode, uint64_t dev)
{
    return sys_mknodat(AT_FDCWD, upath, mode, dev);
}

long sys_unlinkat(int dirfd, const char *upath, int flags)
{
    char path[PATH_MAX];
    struct inode *dir;
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    long err = path_at(dirfd, upath, path, &dir);
    return err ? err : vfs_unlink(dir, path, flags & AT_REMOVEDIR);
}

long sys_unlink(const char *upath)
{
    return sys_unlinkat(AT_FDCWD, upath, 0);
}

long sys_rmdir(const char *upath)
{
    return sys_unlinkat(AT_FDCWD, upath, AT_REMOVEDIR);
}

long sys_renameat2(int odirfd, const char *uold, int ndirfd, const char *unew, unsigned flags)
{
    char old[PATH_MAX], new[PATH_MAX];
    struct inode *odir, *ndir;
    long err = path_at(odirfd, uold, old, &odir);
    if (err)
        return err;
    err = path_at(ndirfd, unew, new, &ndir);
    return err ? err : vfs_rename(odir, old, ndir, new, flags);
}

long sys_renameat(int odirfd, const char *uold, int ndirfd, const char *unew)
{
    return sys_renameat2(odirfd, uold, ndirfd, unew, 0);
}

long sys_rename(const char *uold, const char *unew)
{
    return sys_renameat2(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_linkat(int odirfd, const char *uold, int ndirfd, const char *unew, int flags)
{
    char old[PATH_MAX], new[PATH_MAX];
    struct inode *odir, *ndir;
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if ((flags & AT_EMPTY_PATH) && user_path(old, uold, 1) == 0) {
        /* the file of odirfd itself (an O_TMPFILE getting its name) */
        struct file *f = fd_get(odirfd);
        if (!f || !f->inode)
            return -EBADF;
        long err = path_at(ndirfd, unew, new, &ndir);
        return err ? err : vfs_link_inode(f->inode, ndir, new);
    }
    long err = path_at(odirfd, uold, old, &odir);
    if (err)
        return err;
    err = path_at(ndirfd, unew, new, &ndir);
    return err ? err : vfs_link(odir, old, ndir, new, flags & AT_SYMLINK_FOLLOW);
}

long sys_link(const char *uold, const char *unew)
{
    return sys_linkat(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
    char target[PATH_MAX], path[PATH_MAX];
    struct inode *dir;
    long err = user_path(target, utarget, 0);
    if (err < 0)
        return err;
    err = path_at(dirfd, upath, path, &dir);
    return err ? err : vfs_symlink(target, dir, path);
}

long sys_symlink(const char *utarget, const char *upath)
{
    return sys_symlinkat(utarget, AT_FDCWD, upath);
}

/* Resolve (dirfd, path) to an inode, following symlinks unless nofollow. */
static long lookup_at(int dirfd, const char *upath, int nofollow, struct inode **ino)
{
    char path[PATH_MAX];
    struct inode *dir;
    long err = path_at(dirfd, upath, path, &dir);
    if (err)
        return err;
    return vfs_lookup(dir, path, nofollow ? 0 : LOOKUP_FOLLOW, ino);
}

static long do_chmod(struct inode *ino, uint32_t mode)
{
    if (vfs_mount_writable(ino))
        return -EROFS;
    ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
    inode_touch(ino, INODE_CTIME);
    return 0;
}

long sys_fchmodat(int dirfd, const char *upath, uint32_t mode)
{
    struct inode *ino;
    long err = lookup_at(dirfd, upath, 0, &ino);
    if (err)
        return err;
    err = do_chmod(ino, mode);
    inode_put(ino);
    return err;
}

long sys_chmod(const char *upath, uint32_t mode)
{
    return sys_fchmodat(AT_FDCWD, upath, mode);
}

long sys_fchmod(int fd, uint32_t mode)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return do_chmod(f->inode, mode);
}

static long do_chown(struct inode *ino, int uid, int gid)
{
    if (vfs_mount_writable(ino))
        return -EROFS;
    if (uid != -1)
        ino->uid = uid;
    if (gid != -1)
        ino->gid = gid;
    if (uid != -1 || gid != -1) /* as root, Linux clears setuid/setgid on regular files */
        if (S_ISREG(ino->mode))
            ino->mode &= ~(S_ISUID | ((ino->mode & 010) ? S_ISGID : 0));
    inode_touch(ino, INODE_CTIME);
    return 0;
}

long sys_fchownat(int dirfd, const char *upath, int uid, int gid, int flags)
{
    struct inode *ino;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    long err = lookup_at(dirfd, upath, flags & AT_SYMLINK_NOFOLLOW, &ino);
    if (err)
        return err;
    err = do_chown(ino, uid, gid);
    inode_put(ino);
    return err;
}

long sys_chown(const char *upath, int uid, int gid)
{
    return sys_fchownat(AT_FDCWD, upath, uid, gid, 0);
}

long sys_lchown(const char *upath, int uid, int gid)
{
    return sys_fchownat(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, int uid, int gid)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return do_chown(f->inode, uid, gid);
}

long sys_umask(uint32_t mask)
{
    struct process *p = current()->proc;
    uint32_t old = p->umask;
    p->umask = mask & 0777;
    return old;
}

long sys_truncate(const char *upath, int64_t len)
{
    struct inode *ino;
    if (len < 0)
        return -EINVAL;
    long err = lookup_at(AT_FDCWD, upath, 0, &ino);
    if (err)
        return err;
    err = vfs_truncate(ino, len);
    inode_put(ino);
    return err;
}

long sys_ftruncate(int fd, int64_t len)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (len < 0)
        return -EINVAL;
    if (!f->inode || !S_ISREG(f->inode->mode) || (f->flags & O_ACCMODE) == O_RDONLY)
        return (f->flags & O_PATH) ? -EBADF : -EINVAL;
    return vfs_truncate(f->inode, len);
}

#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

static long set_times(struct inode *ino, const struct timespec64 *ts)
{
    struct timespec64 now;
    if (ts && ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
        return 0;
    if (vfs_mount_writable(ino))
        return -EROFS;
    time_now(&now);
    for (int i = 0; i < 2; i++) {
        if (ts && ts[i].tv_nsec == UTIME_OMIT)
            continue;
        struct timespec64 t = ts && ts[i].tv_nsec != UTIME_NOW ? ts[i] : now;
        if (i == 0)
            ino->atime = t;
        else
            ino->mtime = t;
    }
    ino->ctime = now;
    return 0;
}

long sys_utimensat(int dirfd, const char *upath, const struct timespec64 *uts, int flags)
{
    struct timespec64 ts[2];
    struct inode *ino;
    long err;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (uts) {
        if (copy_from_user(ts, uts, sizeof(ts)))
            return -EFAULT;
        for (int i = 0; i < 2; i++)
            if ((ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999) &&
                ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT)
                return -EINVAL;
    }
    if (!upath) { /* futimens */
        struct file *f = fd_get(dirfd);
        if (!f)
            return -EBADF;
        return set_times(f->inode, uts ? ts : 0);
    }
    err = lookup_at(dirfd, upath, flags & AT_SYMLINK_NOFOLLOW, &ino);
    if (err)
        return err;
    err = set_times(ino, uts ? ts : 0);
    inode_put(ino);
    return err;
}

long sys_futimesat(int dirfd, const char *upath, const void *utv)
{
    struct {
        int64_t sec, usec;
    } tv[2];
    struct timespec64 ts[2];
    struct inode *ino;
    if (utv) {
        if (copy_from_user(tv, utv, sizeof(tv)))
            return -EFAULT;
        for (int i = 0; i < 2; i++) {
            if (tv[i].usec < 0 || tv[i].usec >= 1000000)
                return -EINVAL;
            ts[i].tv_sec = tv[i].sec;
            ts[i].tv_nsec = tv[i].usec * 1000;
        }
    }
    long err = lookup_at(dirfd, upath, 0, &ino);
    if (err)
        return err;
    err = set_times(ino, utv ? ts : 0);
    inode_put(ino);
    return err;
}

long sys_utimes(const char *upath, const void *utv)
{
    return sys_futimesat(AT_FDCWD, upath, utv);
}
