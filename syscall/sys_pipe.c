/* syscall/sys_pipe.c: pipe, pipe2, eventfd, epoll. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "syscall/uaccess.h"
#include "vfs/pipe.h"
#include "vfs/vfs.h"

/* Install two files at the lowest free fds, or neither. */
static long install2(struct file *a, struct file *b, int cloexec, int *fds)
{
    fds[0] = fd_install(a, 0, cloexec);
    if (fds[0] < 0) {
        file_put(a);
        file_put(b);
        return fds[0];
    }
    fds[1] = fd_install(b, 0, cloexec);
    if (fds[1] < 0) {
        fd_close(fds[0]);
        file_put(b);
        return fds[1];
    }
    return 0;
}

long sys_pipe2(int *ufds, int flags)
{
    struct file *r, *w;
    int fds[2];
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | 0x80 /* O_NOTIFICATION_PIPE */))
        return -EINVAL;
    long err = pipe_create(&r, &w, flags);
    if (err)
        return err;
    err = install2(r, w, flags & O_CLOEXEC, fds);
    if (err)
        return err;
    if (copy_to_user(ufds, fds, sizeof(fds))) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe(int *ufds)
{
    return sys_pipe2(ufds, 0);
}

#define EFD_SEMAPHORE 1

long sys_eventfd2(unsigned initval, int flags)
{
    struct file *f;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE))
        return -EINVAL;
    long err = eventfd_create(initval, flags, &f);
    return err ? err : fd_install_new(f, flags & O_CLOEXEC);
}

long sys_eventfd(unsigned initval)
{
    return sys_eventfd2(initval, 0);
}

long sys_epoll_create1(int flags)
{
    struct file *f;
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    long err = epoll_create(&f);
    return err ? err : fd_install_new(f, flags & O_CLOEXEC);
}

long sys_epoll_create(int size)
{
    return size <= 0 ? -EINVAL : sys_epoll_create1(0);
}

long sys_epoll_ctl(int epfd, int op, int fd, const struct epoll_event *uev)
{
    struct file *ep = fd_get(epfd);
    if (!ep)
        return -EBADF;
    return epoll_ctl(ep, op, fd, uev);
}

long sys_epoll_pwait(int epfd, void *uev, int max, int timeout_ms, const uint64_t *umask,
                     uint64_t setsize)
{
    struct file *ep = fd_get(epfd);
    struct task *t = current();
    uint64_t mask, old = t->sigmask;
    if (!ep)
        return -EBADF;
    if (umask) {
        if (setsize != 8)
            return -EINVAL;
        if (copy_from_user(&mask, umask, 8))
            return -EFAULT;
        t->sigmask = mask & ~SIG_UNBLOCKABLE;
    }
    long r = epoll_wait(ep, uev, max, timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000);
    if (umask) {
        if (r == -EINTR) { /* the handler runs with the temporary mask */
            t->saved_mask = old;
            t->saved_mask_valid = 1;
        } else {
            t->sigmask = old;
        }
    }
    return r;
}

long sys_epoll_wait(int epfd, void *uev, int max, int timeout_ms)
{
    return sys_epoll_pwait(epfd, uev, max, timeout_ms, 0, 8);
}

long sys_timerfd_create(int clock, int flags)
{
    struct file *f;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    long err = timerfd_create(clock, flags, &f);
    return err ? err : fd_install_new(f, flags & O_CLOEXEC);
}

long sys_timerfd_settime(int fd, int flags, const void *unew, void *uold)
{
    struct file *f = fd_get(fd);
    return f ? timerfd_settime(f, flags, unew, uold) : -EBADF;
}

long sys_timerfd_gettime(int fd, void *ucur)
{
    struct file *f = fd_get(fd);
    return f ? timerfd_gettime(f, ucur) : -EBADF;
}

long sys_signalfd4(int fd, const uint64_t *umask, uint64_t size, int flags)
{
    uint64_t mask;
    struct file *f;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    if (size != 8)
        return -EINVAL;
    if (copy_from_user(&mask, umask, 8))
        return -EFAULT;
    long r = signalfd_update(fd, mask, flags, &f);
    if (r < 0 || fd != -1)
        return r;
    return fd_install_new(f, flags & O_CLOEXEC);
}

long sys_signalfd(int fd, const uint64_t *umask, uint64_t size)
{
    return sys_signalfd4(fd, umask, size, 0);
}
