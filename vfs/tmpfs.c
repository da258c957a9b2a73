/* vfs/tmpfs.c: the in-memory filesystem that holds the root.
 *
 * Directories are lists of entries (creation order, for readdir) with a
 * hash table on the names (for lookup); each entry holds a reference to its
 * inode.  File data is an array of frames, one per page; an entry with
 * TMPFS_BORROWED set points into the initrd and is copied before the first
 * write to it (see vfs/cpio.c).
 */
#include "vfs/vfs.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/pipe.h"

#define TMPFS_BORROWED 1ull

struct tmpfs_dirent {
    struct list link;
    struct tmpfs_dirent *hnext; /* hash chain */
    struct inode *inode;
    uint32_t hash;
    uint16_t len;
    char name[];
};

static uint32_t name_hash(const char *name, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name, size_t len)
{
    if (!dir->dir.nbuckets)
        return 0;
    uint32_t h = name_hash(name, len);
    struct tmpfs_dirent *d = dir->dir.buckets[h & (dir->dir.nbuckets - 1)];
    for (; d; d = d->hnext)
        if (d->hash == h && d->len == len && !memcmp(d->name, name, len))
            return d;
    return 0;
}

static void hash_insert(struct inode *dir, struct tmpfs_dirent *d)
{
    struct tmpfs_dirent **b = (struct tmpfs_dirent **)&dir->dir.buckets[d->hash & (dir->dir.nbuckets - 1)];
    d->hnext = *b;
    *b = d;
}

/* Keep chains short: at most two entries per bucket on average. */
static int hash_grow(struct inode *dir)
{
    uint32_t n = dir->dir.nbuckets;
    if (n && dir->dir.count < 2 * n)
        return 0;
    uint32_t nn = n ? n * 4 : 8;
    void **b = kzalloc(nn * sizeof(void *));
    if (!b)
        return n ? 0 : -ENOMEM; /* an old table still works, only slower */
    kfree(dir->dir.buckets);
    dir->dir.buckets = b;
    dir->dir.nbuckets = nn;
    struct list *it;
    list_for_each(it, &dir->dir.entries) hash_insert(dir, list_entry(it, struct tmpfs_dirent, link));
    return 0;
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct tmpfs_dirent *d = find(dir, name, len);
    if (!d)
        return -ENOENT;
    inode_get(d->inode);
    *out = d->inode;
    return 0;
}

static int add_entry(struct inode *dir, const char *name, size_t len, struct inode *ino)
{
    if (hash_grow(dir))
        return -ENOMEM;
    struct tmpfs_dirent *d = kmalloc(sizeof(*d) + len + 1);
    if (!d)
        return -ENOMEM;
    d->inode = ino;
    d->len = len;
    d->hash = name_hash(name, len);
    memcpy(d->name, name, len);
    d->name[len] = 0;
    inode_get(ino);
    list_add_tail(&dir->dir.entries, &d->link);
    hash_insert(dir, d);
    dir->dir.count++;
    dir->size = dir->dir.count * 32;
    inode_touch(dir, INODE_MTIME | INODE_CTIME);
    return 0;
}

static void drop_entry(struct inode *dir, struct tmpfs_dirent *d)
{
    struct tmpfs_dirent **pp =
        (struct tmpfs_dirent **)&dir->dir.buckets[d->hash & (dir->dir.nbuckets - 1)];
    while (*pp != d)
        pp = &(*pp)->hnext;
    *pp = d->hnext;
    list_del(&d->link);
    dir->dir.count--;
    dir->size = dir->dir.count * 32;
    inode_touch(dir, INODE_MTIME | INODE_CTIME);
    inode_put(d->inode);
    kfree(d);
}

static void init_inode(struct inode *ino, struct inode *dir)
{
    ino->iops = &tmpfs_iops;
    switch (ino->mode & S_IFMT) {
    case S_IFDIR:
        list_init(&ino->dir.entries);
        ino->fops = &tmpfs_dir_fops;
        ino->parent = dir ? dir : ino;
        ino->nlink = 2;
        break;
    case S_IFREG:
        ino->fops = &tmpfs_file_fops;
        ino->nlink = 1;
        break;
    default:
        ino->nlink = 1;
        break;
    }
}

struct inode *tmpfs_new_root(void)
{
    struct inode *root = inode_alloc(S_IFDIR | 0755);
    if (root)
        init_inode(root, 0);
    return root;
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
                        uint64_t rdev, const char *target, struct inode **out)
{
    if (find(dir, name, len))
        return -EEXIST;
    struct inode *ino = inode_alloc(mode);
    if (!ino)
        return -ENOMEM;
    init_inode(ino, dir);
    ino->rdev = rdev;
    ino->dev = dir->dev; /* on the same mount (vfs/mount.c) */
    if (S_ISCHR(mode))
        ino->fops = devfs_fops(rdev);
    if (S_ISFIFO(mode))
        ino->fops = &pipe_fops;
    if (S_ISLNK(mode)) {
        size_t tl = strlen(target);
        ino->symlink = kmalloc(tl + 1);
        if (!ino->symlink) {
            inode_put(ino);
            return -ENOMEM;
        }
        memcpy(ino->symlink, target, tl + 1);
        ino->size = tl;
    }
    int err = add_entry(dir, name, len, ino);
    if (err) {
        inode_put(ino);
        return err;
    }
    if (S_ISDIR(mode))
        dir->nlink++;
    *out = ino; /* the caller's reference */
    return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
    if (find(dir, name, len))
        return -EEXIST;
    int err = add_entry(dir, name, len, target);
    if (err)
        return err;
    target->nlink++;
    inode_touch(target, INODE_CTIME);
    return 0;
}

static int tmpfs_unlink(struct inode *dir, const char *name, size_t len)
{
    struct tmpfs_dirent *d = find(dir, name, len);
    if (!d)
        return -ENOENT;
    struct inode *ino = d->inode;
    if (S_ISDIR(ino->mode)) {
        ino->nlink = 0;
        dir->nlink--;
    } else {
        ino->nlink--;
        inode_touch(ino, INODE_CTIME);
    }
    drop_entry(dir, d);
    return 0;
}

static int tmpfs_readlink(struct inode *ino, char *buf, size_t n)
{
    size_t l = ino->size < n ? ino->size : n;
    memcpy(buf, ino->symlink, l);
    return l;
}

static int tmpfs_readdir(struct inode *dir, uint64_t *pos, vfs_emit_fn emit, void *ctx)
{
    if (*pos == 0) {
        if (emit(ctx, ".", 1, dir->ino, DT_DIR))
            return 0;
        (*pos)++;
    }
    if (*pos == 1) {
        if (emit(ctx, "..", 2, dir->parent->ino, DT_DIR))
            return 0;
        (*pos)++;
    }
    uint64_t i = 2;
    struct list *it;
    list_for_each(it, &dir->dir.entries)
    {
        if (i++ < *pos)
            continue;
        struct tmpfs_dirent *d = list_entry(it, struct tmpfs_dirent, link);
        if (emit(ctx, d->name, d->len, d->inode->ino, (d->inode->mode & S_IFMT) >> 12))
            return 0;
        (*pos)++;
    }
    return 0;
}

struct inode *tmpfs_iter(struct inode *dir, void **cur, const char **name, size_t *len)
{
    struct list *it = *cur ? (struct list *)*cur : &dir->dir.entries;
    it = it->next;
    if (it == &dir->dir.entries)
        return 0;
    struct tmpfs_dirent *d = list_entry(it, struct tmpfs_dirent, link);
    *cur = it;
    *name = d->name;
    *len = d->len;
    return d->inode;
}

void *tmpfs_iter_at(struct inode *dir, const char *name, size_t len)
{
    struct tmpfs_dirent *d = find(dir, name, len);
    return d ? &d->link : 0;
}

/* Grow the page array to hold n pages. */
static int reserve(struct inode *ino, size_t n)
{
    if (n <= ino->file.npages)
        return 0;
    size_t cap = ino->file.npages ? ino->file.npages : 4;
    while (cap < n)
        cap *= 2;
    uint64_t *p = kzalloc(cap * sizeof(uint64_t));
    if (!p)
        return -ENOMEM;
    if (ino->file.pages)
        memcpy(p, ino->file.pages, ino->file.npages * sizeof(uint64_t));
    kfree(ino->file.pages);
    ino->file.pages = p;
    ino->file.npages = cap;
    return 0;
}

/* write: INODE_PAGE_READ, _WRITE or _MAP (see vfs.h). */
static int tmpfs_page(struct inode *ino, uint64_t index, int write, uint64_t *pa)
{
    /* a borrowed partial last page holds the next archive header past EOF:
     * a mapping must not see that */
    if (write == INODE_PAGE_MAP)
        write = index == ino->size / PAGE_SIZE && (ino->size & (PAGE_SIZE - 1));
    if (index >= ino->file.npages || !ino->file.pages[index]) {
        if (!write) {
            *pa = 0;
            return 0;
        }
        int err = reserve(ino, index + 1);
        if (err)
            return err;
        uint64_t p = mm_page_alloc();
        if (!p)
            return -ENOSPC;
        ino->file.pages[index] = p;
        ino->vflags |= INODE_DIRTY;
    } else if (write && (ino->file.pages[index] & TMPFS_BORROWED)) {
        uint64_t src = ino->file.pages[index] & PAGE_MASK;
        uint64_t p = mm_page_alloc();
        if (!p)
            return -ENOSPC;
        uint64_t valid = ino->size > index * PAGE_SIZE ? ino->size - index * PAGE_SIZE : 0;
        if (valid > PAGE_SIZE)
            valid = PAGE_SIZE;
        memcpy(PHYS_TO_VIRT(p), PHYS_TO_VIRT(src), valid);
        ino->file.pages[index] = p;
        ino->vflags |= INODE_DIRTY;
    }
    *pa = ino->file.pages[index] & PAGE_MASK;
    return 0;
}

/* Zero the bytes between EOF and the end of its page, before the file
 * grows over them. */
static void zero_tail(struct inode *ino)
{
    uint64_t old = ino->size, pa;
    if (!(old & (PAGE_SIZE - 1)))
        return;
    tmpfs_page(ino, old / PAGE_SIZE, 0, &pa);
    if (!pa || tmpfs_page(ino, old / PAGE_SIZE, 1, &pa))
        return;
    memset((char *)PHYS_TO_VIRT(pa) + (old & (PAGE_SIZE - 1)), 0,
           PAGE_SIZE - (old & (PAGE_SIZE - 1)));
}

static int tmpfs_setsize(struct inode *ino, uint64_t size)
{
    uint64_t old = ino->size;
    if (size != old)
        ino->vflags |= INODE_DIRTY;
    if (size < old) {
        /* free whole pages past the end, zero the tail of the last one */
        for (uint64_t i = PAGE_UP(size) / PAGE_SIZE; i < ino->file.npages; i++) {
            uint64_t e = ino->file.pages[i];
            if (e && !(e & TMPFS_BORROWED))
                mm_page_put(e & PAGE_MASK);
            ino->file.pages[i] = 0;
        }
        if (size & (PAGE_SIZE - 1)) {
            uint64_t pa;
            int err = tmpfs_page(ino, size / PAGE_SIZE, 0, &pa);
            if (!err && pa) {
                tmpfs_page(ino, size / PAGE_SIZE, 1, &pa);
                memset((char *)PHYS_TO_VIRT(pa) + (size & (PAGE_SIZE - 1)), 0,
                       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
            }
        }
    } else if (size > old) {
        zero_tail(ino);
    }
    ino->size = size;
    return 0;
}

/* Attach initrd data [pa, pa+size) to a new file without copying. */
int tmpfs_borrow(struct inode *ino, uint64_t pa, uint64_t size)
{
    size_t n = PAGE_UP(size) / PAGE_SIZE;
    int err = reserve(ino, n);
    if (err)
        return err;
    for (size_t i = 0; i < n; i++)
        ino->file.pages[i] = (pa + i * PAGE_SIZE) | TMPFS_BORROWED;
    ino->size = size;
    return 0;
}

static long tmpfs_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct inode *ino = f->inode;
    if (*pos >= ino->size)
        return 0;
    if (n > ino->size - *pos)
        n = ino->size - *pos;
    size_t done = 0;
    while (done < n) {
        uint64_t off = *pos + done, pa;
        size_t chunk = PAGE_SIZE - (off & (PAGE_SIZE - 1));
        if (chunk > n - done)
            chunk = n - done;
        tmpfs_page(ino, off / PAGE_SIZE, 0, &pa);
        size_t got = pa ? copy_to_user_partial((char *)ubuf + done,
                                               (char *)PHYS_TO_VIRT(pa) + (off & (PAGE_SIZE - 1)),
                                               chunk)
                        : (clear_user((char *)ubuf + done, chunk) ? 0 : chunk);
        done += got;
        if (got < chunk) {
            if (!done)
                return -EFAULT;
            break;
        }
    }
    *pos += done;
    return done;
}

static long tmpfs_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    struct inode *ino = f->inode;
    size_t done = 0;
    if (*pos > ino->size)
        zero_tail(ino); /* the gap must read as zeros */
    while (done < n) {
        uint64_t off = *pos + done, pa;
        size_t chunk = PAGE_SIZE - (off & (PAGE_SIZE - 1));
        if (chunk > n - done)
            chunk = n - done;
        int err = tmpfs_page(ino, off / PAGE_SIZE, 1, &pa);
        if (!err)
            err = copy_from_user((char *)PHYS_TO_VIRT(pa) + (off & (PAGE_SIZE - 1)),
                                 (const char *)ubuf + done, chunk);
        if (err) {
            if (done)
                break;
            return err;
        }
        done += chunk;
        if (off + chunk > ino->size)
            ino->size = off + chunk;
    }
    *pos += done;
    inode_touch(ino, INODE_MTIME | INODE_CTIME);
    return done;
}

static int tmpfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
                        const char *nname, size_t nlen)
{
    struct tmpfs_dirent *d = find(odir, oname, olen);
    if (!d)
        return -ENOENT;
    struct inode *ino = d->inode;
    struct tmpfs_dirent *victim = find(ndir, nname, nlen);
    if (victim == d)
        return 0;
    int err = add_entry(ndir, nname, nlen, ino); /* before the victim goes: ENOMEM-safe */
    if (err)
        return err;
    if (victim) {
        struct inode *v = victim->inode;
        if (S_ISDIR(v->mode)) {
            v->nlink = 0;
            ndir->nlink--;
        } else {
            v->nlink--;
        }
        drop_entry(ndir, victim);
    }
    if (S_ISDIR(ino->mode)) {
        odir->nlink--;
        ndir->nlink++;
        ino->parent = ndir;
    }
    drop_entry(odir, d);
    inode_touch(ino, INODE_CTIME);
    return 0;
}

const struct inode_ops tmpfs_iops = {
    .lookup = tmpfs_lookup,
    .create = tmpfs_create,
    .link = tmpfs_link,
    .unlink = tmpfs_unlink,
    .readlink = tmpfs_readlink,
    .setsize = tmpfs_setsize,
    .readdir = tmpfs_readdir,
    .page = tmpfs_page,
    .rename = tmpfs_rename,
};

const struct file_ops tmpfs_file_fops = {
    .read = tmpfs_read,
    .write = tmpfs_write,
};

const struct file_ops tmpfs_dir_fops = {0};
