/* vfs/signalfd.c: signalfd: pending signals read as struct signalfd_siginfo.
 * The signals stay blocked (the program blocks them); sends wake pollers
 * (kernel/signal.c calls vfs_poll_notify), so read, poll and epoll see them. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

struct signalfd_siginfo_k {
    uint32_t signo;
    int32_t err, code;
    uint32_t pid, uid;
    int32_t fd;
    uint32_t tid, band, overrun, trapno;
    int32_t status, int_;
    uint64_t ptr, utime, stime, addr;
    uint16_t addr_lsb;
    uint8_t pad[46];
};

_Static_assert(sizeof(struct signalfd_siginfo_k) == 128, "signalfd_siginfo layout");

static uint64_t *mask_of(struct file *f)
{
    return f->priv;
}

static long sfd_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct ksiginfo info;
    size_t done = 0;
    if (n < sizeof(struct signalfd_siginfo_k))
        return -EINVAL;
    while (done + sizeof(struct signalfd_siginfo_k) <= n) {
        int sig = signal_dequeue(*mask_of(f), &info);
        if (!sig) {
            if (done)
                break;
            if (f->flags & O_NONBLOCK)
                return -EAGAIN;
            if (vfs_poll_wait(0) == WAKE_SIGNAL)
                return -ERESTARTSYS;
            continue;
        }
        struct signalfd_siginfo_k s;
        memset(&s, 0, sizeof(s));
        s.signo = sig;
        s.err = info.err;
        s.code = info.code;
        s.pid = info.kill.pid;
        s.uid = info.kill.uid;
        s.int_ = (int32_t)info.kill.value;
        s.ptr = info.kill.value;
        s.addr = info.fault.addr;
        if (copy_to_user((char *)ubuf + done, &s, sizeof(s)))
            return done ? (long)done : -EFAULT;
        done += sizeof(s);
    }
    return done;
}

static unsigned sfd_poll(struct file *f)
{
    struct task *t = current();
    return ((t->sig_pending | t->proc->sig_pending) & *mask_of(f)) ? POLLIN | POLLRDNORM : 0;
}

static void sfd_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
    .read = sfd_read,
    .poll = sfd_poll,
    .release = sfd_release,
};

long signalfd_update(int fd, uint64_t mask, int flags, struct file **created)
{
    mask &= ~SIG_UNBLOCKABLE;
    if (fd != -1) {
        struct file *f = fd_get(fd);
        if (!f)
            return -EBADF;
        if (f->ops != &signalfd_fops)
            return -EINVAL;
        *mask_of(f) = mask;
        *created = 0;
        return fd;
    }
    uint64_t *m = kmalloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    *m = mask;
    int err = anon_file(&signalfd_fops, O_RDWR | (flags & O_NONBLOCK), m, created);
    if (!err)
        (*created)->anon = "[signalfd]";
    if (err)
        kfree(m);
    return err;
}
