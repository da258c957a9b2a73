/* vfs/inode.c: inode allocation, reference counting and page access. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/time.h"
#include "mm/mm.h"

static uint64_t next_ino = 1;

struct inode *inode_alloc(uint32_t mode)
{
    struct inode *ino = kzalloc(sizeof(*ino));
    if (!ino)
        return 0;
    ino->ino = next_ino++;
    ino->mode = mode;
    ino->refs = 1;
    ino->dev = 1;
    time_now(&ino->mtime);
    ino->atime = ino->ctime = ino->mtime;
    return ino;
}

void inode_get(struct inode *ino)
{
    ino->refs++;
}

void inode_put(struct inode *ino)
{
    if (--ino->refs > 0)
        return;
    if (S_ISREG(ino->mode) && ino->iops && ino->iops->setsize)
        ino->iops->setsize(ino, 0);
    if (S_ISREG(ino->mode))
        kfree(ino->file.pages);
    else if (S_ISLNK(ino->mode))
        kfree(ino->symlink);
    else if (S_ISDIR(ino->mode) && ino->iops == &tmpfs_iops)
        kfree(ino->dir.buckets);
    kfree(ino);
}

int inode_page(struct inode *ino, uint64_t index, int write, uint64_t *pa)
{
    if (!ino->iops || !ino->iops->page)
        return -ENODEV;
    return ino->iops->page(ino, index, write, pa);
}

void inode_touch(struct inode *ino, int what)
{
    struct timespec64 now;
    time_now(&now);
    if (what & INODE_ATIME)
        ino->atime = now;
    if (what & INODE_MTIME)
        ino->mtime = now;
    if (what & INODE_CTIME)
        ino->ctime = now;
}
