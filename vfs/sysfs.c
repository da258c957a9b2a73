/* vfs/sysfs.c: /sys, the few files runtimes read to size themselves, from a
 * static table; nothing is built at boot (every boot instruction counts),
 * inodes are made on lookup. */
#include "vfs/procfs.h"
#include "include/linux/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

struct sys_entry {
    const char *path;   /* below /sys */
    const char *text;   /* NULL: a directory */
};

static const struct sys_entry sys_entries[] = {
    {"devices", 0},
    {"devices/system", 0},
    {"devices/system/cpu", 0},
    {"devices/system/cpu/cpu0", 0},
    {"devices/system/cpu/online", "0\n"},
    {"devices/system/cpu/possible", "0\n"},
    {"devices/system/cpu/present", "0\n"},
    {"kernel", 0},
    {"kernel/mm", 0},
    {"kernel/mm/transparent_hugepage", 0},
    {"kernel/mm/transparent_hugepage/enabled", "always madvise [never]\n"},
    {"kernel/mm/transparent_hugepage/hpage_pmd_size", "2097152\n"},
};
#define NSYS (sizeof(sys_entries) / sizeof(sys_entries[0]))
#define SYS_ROOT (-1)

static const struct inode_ops sys_iops;

static int index_of(struct inode *ino)
{
    return (int)(intptr_t)ino->priv;
}

static const char *parent_path(int idx, size_t *len)
{
    if (idx == SYS_ROOT) {
        *len = 0;
        return "";
    }
    *len = strlen(sys_entries[idx].path);
    return sys_entries[idx].path;
}

/* Is entry i a direct child of directory dir?  Its name in *name. */
static int child_of(int i, int dir, const char **name)
{
    size_t pl;
    const char *pp = parent_path(dir, &pl);
    const char *p = sys_entries[i].path;
    if (pl && (strncmp(p, pp, pl) || p[pl] != '/'))
        return 0;
    const char *rest = pl ? p + pl + 1 : p;
    if (strchr(rest, '/'))
        return 0;
    *name = rest;
    return 1;
}

static long sys_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    const char *t = sys_entries[index_of(f->inode)].text;
    size_t len = strlen(t);
    if (*pos >= len)
        return 0;
    if (n > len - *pos)
        n = len - *pos;
    if (copy_to_user(ubuf, t + *pos, n))
        return -EFAULT;
    *pos += n;
    return n;
}

static const struct file_ops sys_fops = {.read = sys_read};

static struct inode *sys_inode(int i, struct inode *parent)
{
    int dir = i == SYS_ROOT || !sys_entries[i].text;
    struct inode *ino = inode_alloc(dir ? S_IFDIR | 0555 : S_IFREG | 0444);
    if (!ino)
        return 0;
    ino->iops = &sys_iops;
    ino->fops = dir ? 0 : &sys_fops;
    ino->priv = (void *)(intptr_t)i;
    ino->ino = 0x20000 + i + 1;
    ino->nlink = dir ? 2 : 1;
    ino->parent = parent;
    ino->dev = 4;
    ino->size = dir ? 0 : strlen(sys_entries[i].text);
    if (dir)
        list_init(&ino->dir.entries);
    return ino;
}

static int sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    const char *n;
    for (unsigned i = 0; i < NSYS; i++) {
        if (child_of(i, index_of(dir), &n) && strlen(n) == len && !memcmp(n, name, len)) {
            *out = sys_inode(i, dir);
            return *out ? 0 : -ENOMEM;
        }
    }
    return -ENOENT;
}

static int sys_readdir(struct inode *dir, uint64_t *pos, vfs_emit_fn emit, void *ctx)
{
    for (;;) {
        uint64_t k = 2, i = *pos;
        const char *name = 0;
        uint64_t ino = 0;
        int dt = DT_DIR;
        if (i < 2) {
            name = i ? ".." : ".";
            ino = i ? dir->parent->ino : dir->ino;
        } else {
            for (unsigned j = 0; j < NSYS && !name; j++) {
                const char *n;
                if (child_of(j, index_of(dir), &n) && k++ == i) {
                    name = n;
                    ino = 0x20000 + j + 1;
                    dt = sys_entries[j].text ? DT_REG : DT_DIR;
                }
            }
            if (!name)
                return 0;
        }
        if (emit(ctx, name, strlen(name), ino, dt))
            return 0;
        (*pos)++;
    }
}

static const struct inode_ops sys_iops = {
    .lookup = sys_lookup,
    .readdir = sys_readdir,
};

void sysfs_init(struct inode *root)
{
    vfs_mount_synthetic(root, "/sys", &sys_iops, (void *)(intptr_t)SYS_ROOT, 4);
}
