/* syscall/sys_statfs.c: statfs, fstatfs and fallocate on the in-memory
 * filesystems. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define PIPEFS_MAGIC 0x50495045
#define ANON_INODE_FS_MAGIC 0x09041934

struct statfs_k {
    int64_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    int64_t namelen, frsize, flags, spare[4];
};

static long fill(struct inode *ino, struct statfs_k *ubuf)
{
    struct statfs_k s;
    memset(&s, 0, sizeof(s));
    switch (ino->dev) {
    case 3:
        s.type = PROC_SUPER_MAGIC;
        break;
    case 4:
        s.type = SYSFS_MAGIC;
        break;
    case 12:
        s.type = PIPEFS_MAGIC;
        break;
    case 13:
        s.type = ANON_INODE_FS_MAGIC;
        break;
    default: /* tmpfs: its size is the guest's RAM, as tmpfs's default is half of it */
        s.type = TMPFS_MAGIC;
        s.blocks = mm_page_total() / 2;
        s.bfree = s.bavail = mm_page_free_count() / 2;
        s.files = mm_page_total() / 2;
        s.ffree = s.files;
        break;
    }
    s.bsize = s.frsize = PAGE_SIZE;
    s.namelen = NAME_MAX;
    s.fsid[0] = ino->dev;
    s.flags = 0x20; /* ST_RELATIME */
    return copy_to_user(ubuf, &s, sizeof(s));
}

long sys_statfs(const char *upath, struct statfs_k *ubuf)
{
    struct inode *ino;
    long err = user_lookup(upath, &ino);
    if (err)
        return err;
    err = fill(ino, ubuf);
    inode_put(ino);
    return err;
}

long sys_fstatfs(int fd, struct statfs_k *ubuf)
{
    struct file *f = fd_get(fd);
    if (!f || !f->inode)
        return -EBADF;
    return fill(f->inode, ubuf);
}

#define FALLOC_FL_KEEP_SIZE 1
#define FALLOC_FL_PUNCH_HOLE 2

long sys_fallocate(int fd, int mode, int64_t off, int64_t len)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    struct inode *ino = f->inode;
    if (!ino || S_ISFIFO(ino->mode))
        return -ESPIPE;
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode))
        return -ENODEV;
    if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
        return -EINVAL;
    uint64_t end = off + len;
    if (end < (uint64_t)off || end > (1ull << 40))
        return -EFBIG;
    if (mode & FALLOC_FL_PUNCH_HOLE) {
        /* zero the range: whole pages and partial edges alike */
        for (uint64_t o = off; o < end && o < ino->size;) {
            uint64_t pa, n = PAGE_SIZE - (o & (PAGE_SIZE - 1));
            if (n > end - o)
                n = end - o;
            if (inode_page(ino, o / PAGE_SIZE, INODE_PAGE_READ, &pa) == 0 && pa &&
                inode_page(ino, o / PAGE_SIZE, INODE_PAGE_WRITE, &pa) == 0)
                memset((char *)PHYS_TO_VIRT(pa) + (o & (PAGE_SIZE - 1)), 0, n);
            o += n;
        }
        return 0;
    }
    /* allocate the pages now, so later writes cannot fail for space */
    for (uint64_t o = off & PAGE_MASK; o < end; o += PAGE_SIZE) {
        uint64_t pa;
        int err = inode_page(ino, o / PAGE_SIZE, INODE_PAGE_WRITE, &pa);
        if (err)
            return err == -ENOMEM ? -ENOSPC : err;
    }
    if (!(mode & FALLOC_FL_KEEP_SIZE) && end > ino->size)
        return vfs_truncate(ino, end);
    return 0;
}
