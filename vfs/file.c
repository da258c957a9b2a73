/* vfs/file.c: open files: open(2) semantics, read/write dispatch, stat. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "mm/mm.h"

struct file *file_alloc(struct inode *ino, uint32_t flags)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return 0;
    f->refs = 1;
    f->inode = ino;
    f->flags = flags;
    f->ops = ino ? ino->fops : 0;
    if (ino)
        inode_get(ino);
    return f;
}

int anon_file(const struct file_ops *ops, uint32_t flags, void *priv, struct file **out)
{
    struct inode *ino = inode_alloc(0600);
    if (!ino)
        return -ENOMEM;
    ino->nlink = 1;
    ino->fops = ops;
    ino->dev = 13; /* anon_inodefs */
    struct file *f = file_alloc(ino, flags);
    if (f)
        f->anon = "[kiln]"; /* callers name their kind */
    inode_put(ino); /* the file holds it */
    if (!f)
        return -ENOMEM;
    f->priv = priv;
    *out = f;
    return 0;
}

void file_get(struct file *f)
{
    f->refs++;
}

void file_put(struct file *f)
{
    if (--f->refs > 0)
        return;
    vfs_lock_close(f, 1);
    if (f->ops && f->ops->release && !(f->flags & O_PATH))
        f->ops->release(f);
    if (f->inode)
        inode_put(f->inode);
    if (f->at)
        inode_put(f->at);
    kfree(f->path);
    kfree(f);
}

int file_link_text(struct file *f, char *buf, size_t n)
{
    struct inode *ino = f->inode;
    if (f->path && f->path[0] == '/')
        return snprintf(buf, n, "%s", f->path);
    if (f->path) {
        int k = f->at ? vfs_path_of(f->at, buf, n) : -ENOENT;
        if (k < 0)
            return k;
        return k + snprintf(buf + k, n - k, "%s%s", k > 1 ? "/" : "", f->path);
    }
    if (f->anon)
        return snprintf(buf, n, f->anon[0] == '/' ? "%s" : "anon_inode:%s", f->anon);
    if (ino && S_ISFIFO(ino->mode))
        return snprintf(buf, n, "pipe:[%lu]", (unsigned long)ino->ino);
    if (ino && (ino->mode & S_IFMT) == S_IFSOCK)
        return snprintf(buf, n, "socket:[%lu]", (unsigned long)ino->ino);
    return snprintf(buf, n, "/dev/console");
}

static int open_create(struct inode *dir, const char *path, int flags, uint32_t mode,
                       struct inode **out)
{
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    struct inode *parent;
    int err = vfs_lookup_parent(dir, path, &parent, name, &len, &trailing);
    if (err == -EBUSY) /* "/" */
        return (flags & O_EXCL) ? -EEXIST : -EISDIR;
    if (err)
        return err;
    struct inode *ino = 0;
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) {
        err = parent->iops->lookup ? 0 : -ENOENT;
        ino = parent;
        inode_get(ino);
        if (len == 2) {
            inode_put(ino);
            ino = parent->parent;
            inode_get(ino);
        }
    } else {
        err = parent->iops->lookup ? parent->iops->lookup(parent, name, len, &ino) : -ENOENT;
    }
    if (!err) {
        inode_put(parent);
        if (flags & O_EXCL) {
            inode_put(ino);
            return -EEXIST;
        }
        if (S_ISLNK(ino->mode)) {
            /* follow it (O_NOFOLLOW: ELOOP), creating the target if need be */
            inode_put(ino);
            if (flags & O_NOFOLLOW)
                return -ELOOP;
            err = vfs_lookup(dir, path, LOOKUP_FOLLOW, &ino);
            if (err == -ENOENT) {
                char target[PATH_MAX];
                int n = vfs_readlink(dir, path, target, PATH_MAX - 1);
                if (n < 0)
                    return n;
                target[n] = 0;
                struct inode *ldir;
                err = vfs_lookup_parent(dir, path, &ldir, name, &len, &trailing);
                if (err)
                    return err;
                err = open_create(ldir, target, flags, mode, out);
                inode_put(ldir);
                return err;
            }
            if (err)
                return err;
        }
        if ((S_ISDIR(ino->mode) && !(flags & O_DIRECTORY)) || trailing) {
            inode_put(ino);
            return -EISDIR;
        }
        *out = ino;
        return 0;
    }
    if (err != -ENOENT)
        goto out;
    if (trailing) {
        err = -EISDIR;
        goto out;
    }
    if (parent->nlink == 0) {
        err = -ENOENT;
        goto out;
    }
    if (!parent->iops->create) {
        err = -EACCES;
        goto out;
    }
    err = vfs_mount_writable(parent);
    if (err)
        goto out;
    struct task *t = current();
    mode = S_IFREG | (mode & 07777 & ~(t ? t->proc->umask : 022));
    err = parent->iops->create(parent, name, len, mode, 0, 0, out);
out:
    inode_put(parent);
    return err;
}

/* O_TMPFILE: a regular file with no name in the directory at path, until
 * linkat gives it one (from its fd with AT_EMPTY_PATH, or /proc/self/fd). */
static int open_tmpfile(struct inode *dir, const char *path, int flags, uint32_t mode,
                        struct file **out)
{
    struct inode *d, *ino;
    int acc = flags & O_ACCMODE;
    if (acc != O_WRONLY && acc != O_RDWR)
        return -EINVAL;
    int err = vfs_lookup(dir, path, LOOKUP_FOLLOW, &d);
    if (err)
        return err;
    if (!S_ISDIR(d->mode)) {
        inode_put(d);
        return -ENOTDIR;
    }
    if (d->iops != &tmpfs_iops) {
        inode_put(d);
        return -EOPNOTSUPP;
    }
    err = vfs_mount_writable(d);
    if (err) {
        inode_put(d);
        return err;
    }
    struct task *t = current();
    ino = inode_alloc(S_IFREG | (mode & 07777 & ~(t ? t->proc->umask : 022)));
    if (ino)
        ino->dev = d->dev;
    inode_put(d);
    if (!ino)
        return -ENOMEM;
    ino->iops = &tmpfs_iops;
    ino->fops = &tmpfs_file_fops;
    ino->nlink = 0;
    struct file *f = file_alloc(ino, flags & ~(O_TMPFILE | O_CREAT | O_EXCL | O_CLOEXEC));
    inode_put(ino); /* the file holds it */
    if (!f)
        return -ENOMEM;
    f->anon = "/#tmpfile (deleted)";
    *out = f;
    return 0;
}

int vfs_open(struct inode *dir, const char *path, int flags, uint32_t mode, struct file **out)
{
    struct inode *ino;
    int acc = flags & O_ACCMODE, err;

    if ((flags & O_TMPFILE) == O_TMPFILE)
        return open_tmpfile(dir, path, flags, mode, out);
    if ((flags & O_CREAT) && !(flags & O_PATH)) {
        if ((flags & O_DIRECTORY))
            return -EINVAL;
        err = open_create(dir, path, flags, mode, &ino);
    } else {
        err = vfs_lookup(dir, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ino);
    }
    if (err)
        return err;
    if (S_ISLNK(ino->mode) && !(flags & O_PATH)) {
        err = -ELOOP;
        goto out;
    }
    if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode)) {
        err = -ENOTDIR;
        goto out;
    }
    if (flags & O_PATH) {
        flags &= O_PATH | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW;
    } else {
        if (S_ISDIR(ino->mode) && (acc != O_RDONLY || (flags & O_CREAT))) {
            err = -EISDIR;
            goto out;
        }
        if (acc == 3) {
            err = -EINVAL;
            goto out;
        }
        if ((acc != O_RDONLY || (flags & O_TRUNC)) && (S_ISREG(ino->mode) || S_ISDIR(ino->mode)) &&
            (err = vfs_mount_writable(ino)))
            goto out;
        /* Linux truncates even when opened O_RDONLY */
        if ((flags & O_TRUNC) && S_ISREG(ino->mode)) {
            err = vfs_truncate(ino, 0);
            if (err)
                goto out;
        }
    }
    struct file *f = file_alloc(ino, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC));
    if (!f) {
        err = -ENOMEM;
        goto out;
    }
    /* remember the way here, lazily resolved by /proc/self/fd */
    size_t plen = strlen(path);
    f->path = kmalloc(plen + 1);
    if (f->path)
        memcpy(f->path, path, plen + 1);
    if (path[0] != '/') {
        struct task *t = current();
        f->at = dir ? dir : t ? t->proc->cwd : 0;
        if (f->at)
            inode_get(f->at);
    }
    if (!(flags & O_PATH) && f->ops && f->ops->open) {
        err = f->ops->open(f);
        if (err) {
            f->ops = 0; /* never opened: nothing for release to undo */
            file_put(f);
            goto out;
        }
    }
    *out = f;
out:
    inode_put(ino);
    return err;
}

long vfs_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (f->inode && S_ISDIR(f->inode->mode))
        return -EISDIR;
    if (!f->ops || !f->ops->read)
        return -EINVAL;
    if (n > 0x7ffff000)
        n = 0x7ffff000;
    return f->ops->read(f, ubuf, n, pos);
}

long vfs_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!f->ops || !f->ops->write)
        return -EINVAL;
    if (n > 0x7ffff000)
        n = 0x7ffff000;
    if ((f->flags & O_APPEND) && pos == &f->pos && f->inode)
        f->pos = f->inode->size;
    return f->ops->write(f, ubuf, n, pos);
}

int vfs_truncate(struct inode *ino, uint64_t size)
{
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode))
        return -EINVAL;
    if (size > (1ull << 40))
        return -EFBIG;
    if (vfs_mount_writable(ino))
        return -EROFS;
    if (!ino->iops || !ino->iops->setsize)
        return -EINVAL;
    int err = ino->iops->setsize(ino, size);
    if (!err)
        inode_touch(ino, INODE_MTIME | INODE_CTIME);
    return err;
}

void vfs_fill_stat(struct inode *ino, struct linux_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = ino->dev;
    st->st_ino = ino->ino;
    st->st_nlink = ino->nlink;
    st->st_mode = ino->mode;
    st->st_uid = ino->uid;
    st->st_gid = ino->gid;
    st->st_rdev = ino->rdev;
    st->st_size = ino->size;
    st->st_blksize = 4096;
    st->st_blocks = S_ISREG(ino->mode) ? PAGE_UP(ino->size) / 512 : 0;
    st->st_atim = ino->atime;
    st->st_mtim = ino->mtime;
    st->st_ctim = ino->ctime;
}
