/* syscall/sys_poll.c: poll, ppoll, select, pselect6.
 *
 * Every kind of file kiln has so far (regular files, directories, devices,
 * the console) is always ready, as regular files are on Linux; a file that
 * can block provides file_ops.poll.  With nothing ready, the call sleeps for
 * its timeout.
 */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#define MAX_POLLFD 4096

struct pollfd {
    int fd;
    short events, revents;
};

static unsigned file_ready(struct file *f)
{
    if (f->ops && f->ops->poll)
        return f->ops->poll(f);
    unsigned m = 0;
    if ((f->flags & O_ACCMODE) != O_WRONLY)
        m |= POLLIN | POLLRDNORM;
    if ((f->flags & O_ACCMODE) != O_RDONLY)
        m |= POLLOUT | POLLWRNORM;
    return m;
}

/* Sleep for a timeout in ns (<0: forever, which with nothing that can wake
 * us would hang: report it instead). */
static long wait_timeout(int64_t ns)
{
    uint64_t deadline = ns < 0 ? 0 : time_mono_ns() + ns;
    if (sched_sleep(deadline, 1) == WAKE_SIGNAL) /* 0: no deadline */
        return -ERESTARTNOHAND;
    return 0;
}

static long do_poll(struct pollfd *ufds, unsigned nfds, int64_t timeout_ns)
{
    struct pollfd buf[64];
    long ready = 0;
    if (nfds > MAX_POLLFD || nfds > current()->proc->rlim[7].cur)
        return -EINVAL;
    for (unsigned i = 0; i < nfds; i += 64) {
        unsigned k = nfds - i < 64 ? nfds - i : 64;
        if (copy_from_user(buf, ufds + i, k * sizeof(buf[0])))
            return -EFAULT;
        for (unsigned j = 0; j < k; j++) {
            buf[j].revents = 0;
            if (buf[j].fd < 0)
                continue;
            struct file *f = fd_get(buf[j].fd);
            if (!f) {
                buf[j].revents = POLLNVAL;
            } else {
                unsigned m = file_ready(f);
                buf[j].revents = m & (buf[j].events | POLLERR | POLLHUP);
            }
            if (buf[j].revents)
                ready++;
        }
        if (copy_to_user(ufds + i, buf, k * sizeof(buf[0])))
            return -EFAULT;
    }
    if (ready || timeout_ns == 0)
        return ready;
    long err = wait_timeout(timeout_ns);
    return err ? err : 0;
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
    uint64_t rin[FD_MAX / 64] = {0}, rout[FD_MAX / 64] = {0};
    size_t bytes = ((size_t)n + 63) / 64 * 8;
    long ready = 0;
    if (n < 0 || (uint64_t)n > current()->proc->rlim[7].cur)
        return -EINVAL;
    if (n > FD_MAX)
        n = FD_MAX;
    if ((uin && copy_from_user(in, uin, bytes)) || (uout && copy_from_user(out, uout, bytes)) ||
        (uex && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
    for (int fd = 0; fd < n; fd++) {
        uint64_t bit = 1ull << (fd & 63);
        int w = fd / 64;
        if (!((in[w] | out[w] | ex[w]) & bit))
            continue;
        struct file *f = fd_get(fd);
        if (!f)
            return -EBADF;
        unsigned m = file_ready(f);
        if ((in[w] & bit) && (m & (POLLIN | POLLHUP | POLLERR))) {
            rin[w] |= bit;
            ready++;
        }
        if ((out[w] & bit) && (m & (POLLOUT | POLLERR))) {
            rout[w] |= bit;
            ready++;
        }
    }
    if (!ready && ns != 0) {
        long err = wait_timeout(ns);
        if (err)
            return err;
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
