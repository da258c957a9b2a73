/* syscall/sys_stat.c: stat family, access, readlink, getdents64, cwd. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

/* Resolve (dirfd, path, flags) as the *at calls do, with AT_EMPTY_PATH. */
static long at_inode(int dirfd, const char *upath, int flags, int follow_default,
                     struct inode **out)
{
    char path[PATH_MAX];
    struct inode *dir;
    long err = user_path(path, upath, flags & AT_EMPTY_PATH);
    if (err < 0)
        return err;
    if (!path[0]) {
        if (dirfd == AT_FDCWD) {
            dir = current()->proc->cwd;
        } else {
            struct file *f = fd_get(dirfd);
            if (!f)
                return -EBADF;
            dir = f->inode;
            if (!dir)
                return -EBADF;
        }
        inode_get(dir);
        *out = dir;
        return 0;
    }
    err = at_dir(dirfd, path, &dir);
    if (err)
        return err;
    int follow = follow_default && !(flags & AT_SYMLINK_NOFOLLOW);
    return vfs_lookup(dir, path, follow ? LOOKUP_FOLLOW : 0, out);
}

static long stat_out(struct inode *ino, void *ust)
{
    struct linux_stat st;
    vfs_fill_stat(ino, &st);
    inode_put(ino);
    return copy_to_user(ust, &st, sizeof(st));
}

long sys_newfstatat(int dirfd, const char *upath, void *ust, int flags)
{
    struct inode *ino;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    long err = at_inode(dirfd, upath, flags, 1, &ino);
    if (err)
        return err;
    return stat_out(ino, ust);
}

long sys_stat(const char *upath, void *ust)
{
    return sys_newfstatat(AT_FDCWD, upath, ust, 0);
}

long sys_lstat(const char *upath, void *ust)
{
    return sys_newfstatat(AT_FDCWD, upath, ust, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(int fd, void *ust)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    inode_get(f->inode);
    return stat_out(f->inode, ust);
}

long sys_statx(int dirfd, const char *upath, int flags, unsigned mask, void *ubuf)
{
    struct inode *ino;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if (mask & STATX__RESERVED)
        return -EINVAL;
    long err = at_inode(dirfd, upath, flags, 1, &ino);
    if (err)
        return err;
    struct linux_stat st;
    struct linux_statx sx;
    vfs_fill_stat(ino, &st);
    inode_put(ino);
    memset(&sx, 0, sizeof(sx));
    sx.stx_mask = STATX_BASIC_STATS;
    sx.stx_blksize = st.st_blksize;
    sx.stx_nlink = st.st_nlink;
    sx.stx_uid = st.st_uid;
    sx.stx_gid = st.st_gid;
    sx.stx_mode = st.st_mode;
    sx.stx_ino = st.st_ino;
    sx.stx_size = st.st_size;
    sx.stx_blocks = st.st_blocks;
    sx.stx_atime.tv_sec = st.st_atim.tv_sec;
    sx.stx_atime.tv_nsec = st.st_atim.tv_nsec;
    sx.stx_mtime.tv_sec = st.st_mtim.tv_sec;
    sx.stx_mtime.tv_nsec = st.st_mtim.tv_nsec;
    sx.stx_ctime.tv_sec = st.st_ctim.tv_sec;
    sx.stx_ctime.tv_nsec = st.st_ctim.tv_nsec;
    sx.stx_rdev_major = st.st_rdev >> 8;
    sx.stx_rdev_minor = st.st_rdev & 0xff;
    sx.stx_dev_major = 0;
    sx.stx_dev_minor = st.st_dev;
    return copy_to_user(ubuf, &sx, sizeof(sx));
}

long sys_faccessat2(int dirfd, const char *upath, int mode, int flags)
{
    struct inode *ino;
    if (mode & ~7)
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    long err = at_inode(dirfd, upath, flags, 1, &ino);
    if (err)
        return err;
    err = vfs_permission(ino, mode);
    inode_put(ino);
    return err;
}

long sys_faccessat(int dirfd, const char *upath, int mode)
{
    return sys_faccessat2(dirfd, upath, mode, 0);
}

long sys_access(const char *upath, int mode)
{
    return sys_faccessat2(AT_FDCWD, upath, mode, 0);
}

long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int n)
{
    char path[PATH_MAX], target[PATH_MAX];
    struct inode *dir;
    if (n <= 0)
        return -EINVAL;
    long err = user_path(path, upath, 0);
    if (err < 0)
        return err;
    err = at_dir(dirfd, path, &dir);
    if (err)
        return err;
    int len = vfs_readlink(dir, path, target, sizeof(target));
    if (len < 0)
        return len;
    if (len > n)
        len = n;
    return copy_to_user(ubuf, target, len) ? -EFAULT : len;
}

long sys_readlink(const char *upath, char *ubuf, int n)
{
    return sys_readlinkat(AT_FDCWD, upath, ubuf, n);
}

struct dents_ctx {
    char *ubuf;
    size_t size, used;
    uint64_t next_pos;
    int err;
};

static int emit_dent(void *c, const char *name, size_t len, uint64_t ino, int dtype)
{
    struct dents_ctx *ctx = c;
    struct {
        struct linux_dirent64 d;
        char name[NAME_MAX + 1 + 8];
    } e;
    size_t reclen = (sizeof(struct linux_dirent64) + len + 1 + 7) & ~7ull;
    if (ctx->used + reclen > ctx->size) {
        if (!ctx->used)
            ctx->err = -EINVAL;
        return 1;
    }
    memset(&e, 0, reclen);
    e.d.d_ino = ino;
    e.d.d_off = ++ctx->next_pos;
    e.d.d_reclen = reclen;
    e.d.d_type = dtype;
    memcpy(e.d.d_name, name, len);
    if (copy_to_user(ctx->ubuf + ctx->used, &e, reclen)) {
        ctx->err = -EFAULT;
        return 1;
    }
    ctx->used += reclen;
    return 0;
}

long sys_getdents64(int fd, void *ubuf, unsigned size)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (!f->inode || !S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    if (!f->inode->iops->readdir)
        return -ENOTDIR;
    if (f->flags & O_PATH)
        return -EBADF;
    struct dents_ctx ctx = {ubuf, size, 0, f->pos, 0};
    f->inode->iops->readdir(f->inode, &f->pos, emit_dent, &ctx);
    if (ctx.err && !ctx.used)
        return ctx.err;
    return ctx.used;
}

long sys_getcwd(char *ubuf, uint64_t size)
{
    char buf[PATH_MAX];
    int len = vfs_path_of(current()->proc->cwd, buf, sizeof(buf));
    if (len < 0)
        return len;
    if ((uint64_t)len + 1 > size)
        return -ERANGE;
    if (copy_to_user(ubuf, buf, len + 1))
        return -EFAULT;
    return len + 1;
}

static long set_cwd(struct inode *ino)
{
    if (!S_ISDIR(ino->mode)) {
        inode_put(ino);
        return -ENOTDIR;
    }
    struct process *p = current()->proc;
    inode_put(p->cwd);
    p->cwd = ino;
    return 0;
}

long sys_chdir(const char *upath)
{
    struct inode *ino;
    long err = user_lookup(upath, &ino);
    return err ? err : set_cwd(ino);
}

/* The process's root: path walks and "/.." stop there (no escape checks
 * beyond Linux's own: a cwd outside stays outside, as with chroot(2)). */
long sys_chroot(const char *upath)
{
    struct inode *ino;
    long err = user_lookup(upath, &ino);
    if (err)
        return err;
    if (!S_ISDIR(ino->mode))
        err = -ENOTDIR;
    else
        err = vfs_permission(ino, X_OK);
    if (err) {
        inode_put(ino);
        return err;
    }
    struct process *p = current()->proc;
    if (p->root)
        inode_put(p->root);
    p->root = ino;
    return 0;
}

long sys_fchdir(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    inode_get(f->inode);
    return set_cwd(f->inode);
}
