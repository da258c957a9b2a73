/* vfs/lookup.c: path walk: components, "." and "..", symlinks (at most 40,
 * then ELOOP, as Linux), and the checks Linux makes on the way (ENOTDIR,
 * ENAMETOOLONG, EACCES for search permission). */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"

#define MAX_SYMLINKS 40

static struct inode *root_inode;

struct inode *vfs_root(void)
{
    struct task *t = current();
    return t && t->proc->root ? t->proc->root : root_inode;
}

void vfs_set_root(struct inode *root)
{
    root_inode = root;
}

static struct inode *start_dir(struct inode *dir, const char *path)
{
    if (path[0] == '/')
        return vfs_root();
    if (dir)
        return dir;
    struct task *t = current();
    return t && t->proc->cwd ? t->proc->cwd : vfs_root();
}

int vfs_permission(struct inode *ino, int mask)
{
    struct task *t = current();
    const struct cred *c = t ? &t->proc->cred : 0;
    mask &= 7;
    /* Linux: a read-only mount refuses writes before looking at any bits */
    if ((mask & W_OK) && (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)) &&
        vfs_mount_writable(ino))
        return -EROFS;
    if (!c || c->fsuid == 0) {
        /* root may do anything, except execute a file with no x bit at all */
        if ((mask & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
            return -EACCES;
        return 0;
    }
    unsigned bits = ino->mode & 7;
    if (ino->uid == c->fsuid) {
        bits = (ino->mode >> 6) & 7;
    } else {
        int in = ino->gid == c->fsgid;
        for (int i = 0; i < c->ngroups && !in; i++)
            in = c->groups[i] == ino->gid;
        if (in)
            bits = (ino->mode >> 3) & 7;
    }
    return (bits & mask) == (unsigned)mask ? 0 : -EACCES;
}

/* The walk itself.  *cur is referenced on entry and on exit.  With
 * want_parent, stops before the last component and leaves it in last. */
static int walk(struct inode **cur, const char *path, int flags, int *depth, const char **last,
                size_t *lastlen)
{
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            return 0;
        const char *name = p;
        while (*p && *p != '/')
            p++;
        size_t len = p - name;
        const char *rest = p;
        while (*rest == '/')
            rest++;
        int final = !*rest;
        if (len > NAME_MAX)
            return -ENAMETOOLONG;
        if (!S_ISDIR((*cur)->mode))
            return -ENOTDIR;
        if (final && last) {
            *last = name;
            *lastlen = len;
            return 0;
        }
        int err = vfs_permission(*cur, X_OK);
        if (err)
            return err;
        struct inode *next;
        if (len == 1 && name[0] == '.') {
            continue;
        } else if (len == 2 && name[0] == '.' && name[1] == '.') {
            next = *cur == vfs_root() ? *cur : (*cur)->parent;
            inode_get(next);
        } else {
            if (!(*cur)->iops || !(*cur)->iops->lookup)
                return -ENOENT;
            err = (*cur)->iops->lookup(*cur, name, len, &next);
            if (err)
                return err;
        }
        if (S_ISLNK(next->mode) && (!final || (flags & LOOKUP_FOLLOW) || *p == '/')) {
            if (++*depth > MAX_SYMLINKS) {
                inode_put(next);
                return -ELOOP;
            }
            struct inode *magic;
            if (next->iops->follow && next->iops->follow(next, &magic) == 0) {
                inode_put(next); /* a magic link: the inode itself, not a path */
                inode_put(*cur);
                *cur = magic;
                continue;
            }
            char *target = kmalloc(PATH_MAX);
            if (!target) {
                inode_put(next);
                return -ENOMEM;
            }
            int n = next->iops->readlink(next, target, PATH_MAX - 1);
            inode_put(next);
            if (n < 0) {
                kfree(target);
                return n;
            }
            target[n] = 0;
            if (target[0] == '/') {
                inode_put(*cur);
                *cur = vfs_root();
                inode_get(*cur);
            }
            err = walk(cur, target, LOOKUP_FOLLOW, depth, 0, 0);
            kfree(target);
            if (err)
                return err;
            continue;
        }
        inode_put(*cur);
        *cur = next;
    }
}

int vfs_lookup(struct inode *dir, const char *path, int flags, struct inode **out)
{
    struct inode *cur = start_dir(dir, path);
    int depth = 0;
    size_t plen = strlen(path);
    if (!plen)
        return -ENOENT;
    if (plen >= PATH_MAX)
        return -ENAMETOOLONG;
    inode_get(cur);
    int err = walk(&cur, path, flags, &depth, 0, 0);
    if (!err && (path[plen - 1] == '/' || (flags & LOOKUP_DIRECTORY)) && !S_ISDIR(cur->mode))
        err = -ENOTDIR;
    if (err) {
        inode_put(cur);
        return err;
    }
    *out = cur;
    return 0;
}

int vfs_lookup_parent(struct inode *dir, const char *path, struct inode **parent, char *name,
                      size_t *len, int *trailing)
{
    struct inode *cur = start_dir(dir, path);
    int depth = 0;
    const char *last = 0;
    size_t plen = strlen(path);
    if (!plen)
        return -ENOENT;
    if (plen >= PATH_MAX)
        return -ENAMETOOLONG;
    inode_get(cur);
    int err = walk(&cur, path, 0, &depth, &last, len);
    if (!err && !last) /* "/" or "///": the root itself */
        err = -EBUSY;
    if (!err && !S_ISDIR(cur->mode))
        err = -ENOTDIR;
    if (err) {
        inode_put(cur);
        return err;
    }
    memcpy(name, last, *len);
    name[*len] = 0;
    *trailing = path[plen - 1] == '/';
    *parent = cur;
    return 0;
}

/* Name of child in dir (a directory), by scanning dir's entries. */
struct name_ctx {
    uint64_t ino;
    char *buf;
    size_t len;
};

static int match(void *c, const char *name, size_t len, uint64_t ino, int dtype)
{
    struct name_ctx *ctx = c;
    if (ino != ctx->ino || (len <= 2 && name[0] == '.' && (len == 1 || name[1] == '.')))
        return 0;
    memcpy(ctx->buf, name, len);
    ctx->len = len;
    return 1;
}

int vfs_path_of(struct inode *dir, char *buf, size_t n)
{
    char tmp[NAME_MAX + 1];
    if (n < 2)
        return -ERANGE;
    size_t pos = n - 1;
    buf[pos] = 0;
    struct inode *root = vfs_root();
    if (dir != root && dir->nlink == 0)
        return -ENOENT; /* removed directory: Linux getcwd says ENOENT */
    while (dir != root) {
        struct inode *parent = dir->parent;
        if (parent == dir)
            break;
        struct name_ctx ctx = {dir->ino, tmp, 0};
        uint64_t p = 2;
        parent->iops->readdir(parent, &p, match, &ctx);
        if (!ctx.len)
            return -ENOENT;
        if (pos < ctx.len + 1)
            return -ERANGE;
        pos -= ctx.len;
        memcpy(buf + pos, tmp, ctx.len);
        buf[--pos] = '/';
        dir = parent;
    }
    if (pos == n - 1)
        buf[--pos] = '/';
    size_t len = n - 1 - pos;
    memmove(buf, buf + pos, len + 1);
    return len;
}
