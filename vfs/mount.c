/* vfs/mount.c: the mount table of host directories shared with -v.
 *
 * A volume's files are ordinary tmpfs inodes (copied in through the initrd,
 * copied back by vfs/export.c); what makes a directory a mount is its st_dev
 * and this table.  Inodes made under a volume inherit its dev (tmpfs_create),
 * so the write checks below cost one comparison when there is no :ro volume.
 */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/time.h"

#define MOUNT_DEV_BASE 0x30 /* st_dev of volume i is MOUNT_DEV_BASE + i */

static struct vfs_mount mounts[VFS_MOUNT_MAX];
static int nmounts, nro;
static struct timespec64 sealed; /* when the initrd was unpacked */

int vfs_mount_add(struct inode *dir, int index, int ro)
{
    if (!S_ISDIR(dir->mode) || dir->iops != &tmpfs_iops)
        return -ENOTDIR;
    if (nmounts == VFS_MOUNT_MAX)
        return -ENOSPC;
    struct vfs_mount *m = &mounts[nmounts];
    m->dev = MOUNT_DEV_BASE + nmounts;
    m->index = index;
    m->ro = ro;
    m->root = dir;
    inode_get(dir);
    dir->dev = m->dev;
    nmounts++;
    nro += ro;
    return 0;
}

void vfs_mount_seal(void)
{
    time_now(&sealed);
}

int vfs_mount_changed(struct inode *ino)
{
    if (ino->vflags & INODE_DIRTY)
        return 1;
    if (ino->ctime.tv_sec != sealed.tv_sec)
        return ino->ctime.tv_sec > sealed.tv_sec;
    return ino->ctime.tv_nsec >= sealed.tv_nsec;
}

struct vfs_mount *vfs_mount_of(struct inode *ino)
{
    uint32_t i = ino->dev - MOUNT_DEV_BASE;
    return i < (uint32_t)nmounts ? &mounts[i] : 0;
}

struct vfs_mount *vfs_mount_at(int i)
{
    return i >= 0 && i < nmounts ? &mounts[i] : 0;
}

int vfs_mount_writable(struct inode *ino)
{
    if (!nro)
        return 0;
    struct vfs_mount *m = vfs_mount_of(ino);
    return m && m->ro ? -EROFS : 0;
}

int vfs_mount_is_root(struct inode *ino)
{
    struct vfs_mount *m = nmounts ? vfs_mount_of(ino) : 0;
    return m && m->root == ino;
}
