/* syscall/sys_poll.c: poll, ppoll, select, pselect6: scan, and with
 * nothing ready sleep until some file changes (vfs/poll.c), a signal, or
 * the timeout. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define MAX_POLLFD 4096

struct pollfd {
    int fd;
    short events, revents;
};

static uint64_t deadline_of(int64_t ns)
{
    return ns > 0 ? time_mono_ns() + ns : 0;
}

static long do_poll(struct pollfd *ufds, unsigned nfds, int64_t timeout_ns)
{
    if (nfds > MAX_POLLFD || nfds > current()->proc->rlim[7].cur)
        return -EINVAL;
    struct pollfd *fds = kmalloc(nfds * sizeof(*fds) + 1);
    if (!fds)
        return -ENOMEM;
    long ready = 0;
    uint64_t deadline = deadline_of(timeout_ns);
    if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
        ready = -EFAULT;
        goto out;
    }
    for (;;) {
        ready = 0;
        for (unsigned j = 0; j < nfds; j++) {
            fds[j].revents = 0;
            if (fds[j].fd < 0)
                continue;
            struct file *f = fd_get(fds[j].fd);
            fds[j].revents = f ? vfs_poll(f) & (fds[j].events | POLLERR | POLLHUP) : POLLNVAL;
            if (fds[j].revents)
                ready++;
        }
        if (ready || timeout_ns == 0)
            break;
        int why = vfs_poll_wait(deadline);
        if (why == WAKE_SIGNAL) {
            ready = -ERESTARTNOHAND;
            goto out;
        }
        if (why == WAKE_TIMEOUT)
            timeout_ns = 0; /* one last scan */
    }
    if (copy_to_user(ufds, fds, nfds * sizeof(*fds)))
        ready = -EFAULT;
out:
    kfree(fds);
    return ready;
}

long sys_poll(struct pollfd *ufds, unsigned nfds, int timeout_ms)
{
    return do_poll(ufds, nfds, timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000);
}

static long ts_ns(const struct timespec64 *uts, int64_t *ns)
{
    struct timespec64 ts;
    if (!uts) {
        *ns = -1;
        return 0;
    }
    if (copy_from_user(&ts, uts, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec > 999999999)
        return -EINVAL;
    *ns = ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}

long sys_ppoll(struct pollfd *ufds, unsigned nfds, const struct timespec64 *uts,
               const uint64_t *usigmask, uint64_t sigsetsize)
{
    int64_t ns;
    long err = ts_ns(uts, &ns);
    if (err)
        return err;
    if (usigmask && sigsetsize != 8)
        return -EINVAL;
    return do_poll(ufds, nfds, ns);
}

static long do_select(int n, uint64_t *uin, uint64_t *uout, uint64_t *uex, int64_t ns)
{
    uint64_t in[FD_MAX / 64] = {0}, out[FD_MAX / 64] = {0}, ex[FD_MAX / 64] = {0};
    uint64_t rin[FD_MAX / 64], rout[FD_MAX / 64];
    long ready;
    if (n < 0 || (uint64_t)n > current()->proc->rlim[7].cur)
        return -EINVAL;
    if (n > FD_MAX)
        n = FD_MAX;
    size_t bytes = ((size_t)n + 63) / 64 * 8;
    uint64_t deadline = deadline_of(ns);
    if ((uin && copy_from_user(in, uin, bytes)) || (uout && copy_from_user(out, uout, bytes)) ||
        (uex && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
    for (;;) {
        ready = 0;
        memset(rin, 0, sizeof(rin));
        memset(rout, 0, sizeof(rout));
        for (int fd = 0; fd < n; fd++) {
            uint64_t bit = 1ull << (fd & 63);
            int w = fd / 64;
            if (!((in[w] | out[w] | ex[w]) & bit))
                continue;
            struct file *f = fd_get(fd);
            if (!f)
                return -EBADF;
            unsigned m = vfs_poll(f);
            if ((in[w] & bit) && (m & (POLLIN | POLLHUP | POLLERR))) {
                rin[w] |= bit;
                ready++;
            }
            if ((out[w] & bit) && (m & (POLLOUT | POLLERR))) {
                rout[w] |= bit;
                ready++;
            }
        }
        if (ready || ns == 0)
            break;
        int why = vfs_poll_wait(deadline);
        if (why == WAKE_SIGNAL)
            return -ERESTARTNOHAND;
        if (why == WAKE_TIMEOUT)
            ns = 0;
    }
    memset(ex, 0, sizeof(ex));
    if ((uin && copy_to_user(uin, rin, bytes)) || (uout && copy_to_user(uout, rout, bytes)) ||
        (uex && copy_to_user(uex, ex, bytes)))
        return -EFAULT;
    return ready;
}

long sys_select(int n, uint64_t *uin, uint64_t *uout, uint64_t *uex, int64_t *utv)
{
    int64_t ns = -1, tv[2];
    if (utv) {
        if (copy_from_user(tv, utv, sizeof(tv)))
            return -EFAULT;
        if (tv[0] < 0 || tv[1] < 0)
            return -EINVAL;
        ns = tv[0] * 1000000000 + tv[1] * 1000;
    }
    return do_select(n, uin, uout, uex, ns);
}

long sys_pselect6(int n, uint64_t *uin, uint64_t *uout, uint64_t *uex,
                  const struct timespec64 *uts, const void *usig)
{
    int64_t ns;
    long err = ts_ns(uts, &ns);
    return err ? err : do_select(n, uin, uout, uex, ns);
}
