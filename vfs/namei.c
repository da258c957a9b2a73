/* vfs/namei.c: create, remove and rename names, with Linux's error order. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"

static int is_dot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

static int create(struct inode *dir, const char *path, uint32_t mode, uint64_t rdev,
                  const char *target)
{
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    struct inode *parent, *ino;
    int err = vfs_lookup_parent(dir, path, &parent, name, &len, &trailing);
    if (err)
        return err == -EBUSY ? -EEXIST : err;
    if (is_dot(name, len)) {
        err = -EEXIST;
        goto out;
    }
    if (trailing && !S_ISDIR(mode)) {
        /* "file/" names a directory: Linux says ENOENT, or EEXIST if present */
        err = parent->iops->lookup(parent, name, len, &ino);
        if (!err) {
            inode_put(ino);
            err = -EEXIST;
        } else {
            err = -ENOENT;
        }
        goto out;
    }
    if (!parent->iops->create) {
        err = -EPERM;
        goto out;
    }
    if (parent->nlink == 0) {
        err = -ENOENT;
        goto out;
    }
    if (vfs_mount_writable(parent)) {
        /* Linux: EEXIST for an existing name comes before EROFS */
        err = parent->iops->lookup(parent, name, len, &ino);
        if (!err)
            inode_put(ino);
        err = err ? -EROFS : -EEXIST;
        goto out;
    }
    err = parent->iops->create(parent, name, len, mode, rdev, target, &ino);
    if (!err)
        inode_put(ino);
out:
    inode_put(parent);
    return err;
}

static uint32_t masked(uint32_t mode)
{
    struct task *t = current();
    return mode & ~(t ? t->proc->umask : 022);
}

int vfs_mknod(struct inode *dir, const char *path, uint32_t mode, uint64_t rdev)
{
    uint32_t type = mode & S_IFMT;
    if (!type)
        type = S_IFREG;
    if (type == S_IFDIR || type == S_IFLNK)
        return -EINVAL;
    return create(dir, path, type | masked(mode & 07777), rdev, 0);
}

int vfs_mkdir(struct inode *dir, const char *path, uint32_t mode)
{
    return create(dir, path, S_IFDIR | masked(mode & 01777), 0, 0);
}

int vfs_symlink(const char *target, struct inode *dir, const char *path)
{
    if (!*target)
        return -ENOENT;
    return create(dir, path, S_IFLNK | 0777, 0, target);
}

int vfs_unlink(struct inode *dir, const char *path, int rmdir)
{
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    struct inode *parent, *ino;
    int err = vfs_lookup_parent(dir, path, &parent, name, &len, &trailing);
    if (err)
        return err;
    if (rmdir && len == 1 && name[0] == '.') {
        err = -EINVAL;
        goto out;
    }
    if (rmdir && len == 2 && name[0] == '.' && name[1] == '.') {
        err = -ENOTEMPTY;
        goto out;
    }
    if (!rmdir && is_dot(name, len)) {
        err = -EISDIR;
        goto out;
    }
    err = vfs_mount_writable(parent); /* Linux: EROFS before ENOENT */
    if (err)
        goto out;
    err = parent->iops->lookup ? parent->iops->lookup(parent, name, len, &ino) : -ENOENT;
    if (err)
        goto out;
    if (rmdir && !S_ISDIR(ino->mode))
        err = -ENOTDIR;
    else if (!rmdir && S_ISDIR(ino->mode))
        err = -EISDIR;
    else if (!rmdir && trailing)
        err = S_ISLNK(ino->mode) ? -ENOTDIR : -ENOTDIR;
    else if (rmdir && ino->dir.count)
        err = -ENOTEMPTY;
    else if (ino == vfs_root() || vfs_mount_is_root(ino))
        err = -EBUSY;
    else if (!parent->iops->unlink)
        err = -EPERM;
    else
        err = parent->iops->unlink(parent, name, len);
    inode_put(ino);
out:
    inode_put(parent);
    return err;
}

/* Is a an ancestor of (or equal to) b? */
static int ancestor(struct inode *a, struct inode *b)
{
    for (;;) {
        if (a == b)
            return 1;
        if (b->parent == b || !b->parent)
            return 0;
        b = b->parent;
    }
}

int vfs_rename(struct inode *odir, const char *opath, struct inode *ndir, const char *npath,
               unsigned flags)
{
    char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
    size_t olen, nlen;
    int otrail, ntrail;
    struct inode *op, *np, *src = 0, *dst = 0;
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return -EINVAL;
    if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
        return -EINVAL;
    if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
        return -EINVAL; /* not supported on tmpfs here yet */
    int err = vfs_lookup_parent(odir, opath, &op, oname, &olen, &otrail);
    if (err)
        return err;
    err = vfs_lookup_parent(ndir, npath, &np, nname, &nlen, &ntrail);
    if (err)
        goto out_op;
    if (is_dot(oname, olen) || is_dot(nname, nlen)) {
        err = -EBUSY;
        goto out;
    }
    /* Linux: across mounts EXDEV, then EROFS, both before the lookups */
    if (op->dev != np->dev && (vfs_mount_of(op) || vfs_mount_of(np))) {
        err = -EXDEV;
        goto out;
    }
    err = vfs_mount_writable(op);
    if (err)
        goto out;
    err = op->iops->lookup(op, oname, olen, &src);
    if (err)
        goto out;
    if (vfs_mount_is_root(src)) {
        err = -EBUSY;
        goto out;
    }
    if ((otrail || ntrail) && !S_ISDIR(src->mode)) {
        err = -ENOTDIR;
        goto out;
    }
    if (S_ISDIR(src->mode) && ancestor(src, np)) {
        err = -EINVAL; /* a directory cannot move inside itself */
        goto out;
    }
    if (np->iops->lookup(np, nname, nlen, &dst) == 0) {
        if (flags & RENAME_NOREPLACE)
            err = -EEXIST;
        else if (vfs_mount_is_root(dst))
            err = -EBUSY;
        else if (dst == src)
            err = 0;
        else if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
            err = -ENOTDIR;
        else if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
            err = -EISDIR;
        else if (S_ISDIR(dst->mode) && dst->dir.count)
            err = -ENOTEMPTY;
        else
            err = 1;
        if (err <= 0)
            goto out;
    }
    if (op->iops != np->iops || !op->iops->rename) {
        err = -EXDEV;
        goto out;
    }
    err = op->iops->rename(op, oname, olen, np, nname, nlen);
out:
    if (dst)
        inode_put(dst);
    if (src)
        inode_put(src);
    inode_put(np);
out_op:
    inode_put(op);
    return err;
}

/* Give src one more name, at npath. */
int vfs_link_inode(struct inode *src, struct inode *ndir, const char *npath)
{
    struct inode *parent;
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    if (S_ISDIR(src->mode))
        return -EPERM;
    int err = vfs_lookup_parent(ndir, npath, &parent, name, &len, &trailing);
    if (err)
        return err;
    if (is_dot(name, len))
        err = -EEXIST;
    else if (trailing)
        err = -ENOENT;
    else if (vfs_mount_writable(parent)) {
        struct inode *ino;
        err = parent->iops->lookup(parent, name, len, &ino);
        if (!err)
            inode_put(ino);
        err = err ? -EROFS : -EEXIST; /* Linux: EEXIST, then EROFS, then EXDEV */
    } else if (parent->iops != src->iops || !parent->iops->link || parent->dev != src->dev)
        err = -EXDEV;
    else
        err = parent->iops->link(parent, name, len, src);
    inode_put(parent);
    return err;
}

int vfs_link(struct inode *odir, const char *opath, struct inode *ndir, const char *npath,
             int follow)
{
    struct inode *src;
    int err = vfs_lookup(odir, opath, follow ? LOOKUP_FOLLOW : 0, &src);
    if (err)
        return err;
    err = vfs_link_inode(src, ndir, npath);
    inode_put(src);
    return err;
}

void vfs_mount_synthetic(struct inode *root, const char *path, const struct inode_ops *iops,
                         void *priv, uint32_t dev)
{
    struct inode *dir;
    vfs_mkdir(root, path, 0555);
    if (vfs_lookup(root, path, 0, &dir))
        return;
    dir->iops = iops;
    dir->priv = priv;
    dir->mode = S_IFDIR | 0555;
    dir->dev = dev;
    inode_put(dir);
}

int vfs_readlink(struct inode *dir, const char *path, char *buf, size_t n)
{
    struct inode *ino;
    int err = vfs_lookup(dir, path, 0, &ino);
    if (err)
        return err;
    if (!S_ISLNK(ino->mode) || !ino->iops->readlink)
        err = -EINVAL;
    else
        err = ino->iops->readlink(ino, buf, n);
    inode_put(ino);
    return err;
}
