/* syscall/sys_sendfile.c: sendfile and copy_file_range, through a kernel
 * bounce buffer handed to the ordinary read and write operations. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define CHUNK 65536

int uaccess_kernel_ok;

/* Move up to count bytes from in (at *inpos) to out (at *outpos). */
static long transfer(struct file *in, uint64_t *inpos, struct file *out, uint64_t *outpos,
                     uint64_t count)
{
    char *buf = kmalloc(CHUNK);
    long done = 0;
    if (!buf)
        return -ENOMEM;
    while ((uint64_t)done < count) {
        uint64_t want = count - done < CHUNK ? count - done : CHUNK;
        uaccess_kernel_ok = 1;
        long r = vfs_read(in, buf, want, inpos);
        long w = r > 0 ? vfs_write(out, buf, r, outpos) : r;
        uaccess_kernel_ok = 0;
        if (r <= 0 || w < 0) {
            if (!done)
                done = r < 0 ? r : w < 0 ? w : 0;
            break;
        }
        done += w;
        if (w < r) {
            *inpos -= r - w; /* give back what was not written */
            break;
        }
        if ((uint64_t)r < want)
            break;
    }
    kfree(buf);
    return done;
}

long sys_sendfile(int out_fd, int in_fd, int64_t *uoff, uint64_t count)
{
    struct file *in = fd_get(in_fd), *out = fd_get(out_fd);
    int64_t off;
    if (!in || !out)
        return -EBADF;
    if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!in->inode || !S_ISREG(in->inode->mode))
        return -EINVAL;
    if (out->flags & O_APPEND)
        return -EINVAL;
    if (count > 0x7ffff000)
        count = 0x7ffff000;
    if (!uoff)
        return transfer(in, &in->pos, out, &out->pos, count);
    if (copy_from_user(&off, uoff, sizeof(off)))
        return -EFAULT;
    if (off < 0)
        return -EINVAL;
    uint64_t pos = off;
    long r = transfer(in, &pos, out, &out->pos, count);
    off = pos;
    if (r >= 0 && copy_to_user(uoff, &off, sizeof(off)))
        return -EFAULT;
    return r;
}

long sys_copy_file_range(int in_fd, int64_t *uin, int out_fd, int64_t *uout, uint64_t count,
                         unsigned flags)
{
    struct file *in = fd_get(in_fd), *out = fd_get(out_fd);
    int64_t ioff, ooff;
    if (flags)
        return -EINVAL;
    if (!in || !out)
        return -EBADF;
    if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!in->inode || !out->inode)
        return -EINVAL;
    if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
        return -EISDIR;
    if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
        return -EINVAL;
    if (out->flags & O_APPEND)
        return -EBADF;
    if (uin && copy_from_user(&ioff, uin, 8))
        return -EFAULT;
    if (uout && copy_from_user(&ooff, uout, 8))
        return -EFAULT;
    if ((uin && ioff < 0) || (uout && ooff < 0))
        return -EINVAL;
    uint64_t ip = uin ? (uint64_t)ioff : in->pos, op = uout ? (uint64_t)ooff : out->pos;
    if (in->inode == out->inode && ip < op + count && op < ip + count)
        return -EINVAL;
    long r = transfer(in, &ip, out, &op, count);
    if (r < 0)
        return r;
    if (uin) {
        ioff = ip;
        if (copy_to_user(uin, &ioff, 8))
            return -EFAULT;
    } else {
        in->pos = ip;
    }
    if (uout) {
        ooff = op;
        if (copy_to_user(uout, &ooff, 8))
            return -EFAULT;
    } else {
        out->pos = op;
    }
    return r;
}
