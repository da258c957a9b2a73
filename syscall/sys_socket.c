/* syscall/sys_socket.c: the socket system calls: argument checking and
 * copying (addresses, msghdr, iovecs, options); net/ does the work. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "net/net.h"
#include "net/socket.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define UIO_MAXIOV 1024
#define OPTMEM_MAX 20480
#define OPT_MAX 256 /* the largest option value kiln reads or writes */

struct lx_msghdr {
    void *name;
    uint32_t namelen, pad0;
    struct kiovec *iov;
    uint64_t iovlen;
    void *control;
    uint64_t controllen;
    int32_t flags, pad1;
};

struct lx_mmsghdr {
    struct lx_msghdr hdr;
    uint32_t len, pad;
};

/* The socket behind fd: -EBADF, -ENOTSOCK. */
static long sock_fd(int fd, struct sock **out)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (!(*out = sock_of(f)))
        return -ENOTSOCK;
    return 0;
}

static long addr_in(const void *uaddr, int len, uint8_t *kaddr)
{
    if (len < 0 || len > SOCKADDR_MAX)
        return -EINVAL;
    if (len && copy_from_user(kaddr, uaddr, len))
        return -EFAULT;
    return 0;
}

/* Linux's move_addr_to_user: copy what fits, report the full length. */
static long addr_out(const uint8_t *kaddr, int klen, void *uaddr, int *ulen)
{
    int len;
    if (!uaddr)
        return 0;
    if (copy_from_user(&len, ulen, sizeof(len)))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if (len > klen)
        len = klen;
    if (len && copy_to_user(uaddr, kaddr, len))
        return -EFAULT;
    return copy_to_user(ulen, &klen, sizeof(klen));
}

static long install(struct sock *s, int flags)
{
    struct file *f;
    long err = sock_file(s, flags, &f);
    if (err) {
        s->ops->release(s);
        return err;
    }
    return fd_install_new(f, flags & SOCK_CLOEXEC);
}

long sys_socket(int family, int type, int protocol)
{
    struct sock *s;
    int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
    type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (type & ~SOCK_TYPE_MASK)
        return -EINVAL;
    long err = sock_create(family, type, protocol, &s);
    return err ? err : install(s, flags);
}

long sys_socketpair(int family, int type, int protocol, int *usv)
{
    struct sock *a, *b;
    struct file *fa, *fb;
    int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
    type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (type & ~SOCK_TYPE_MASK)
        return -EINVAL;
    if (family != AF_UNIX)
        return family == AF_INET || family == AF_INET6 || family == AF_NETLINK ? -EOPNOTSUPP
                                                                              : -EAFNOSUPPORT;
    if (protocol && protocol != 1)
        return -EPROTONOSUPPORT;
    if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
        return -ESOCKTNOSUPPORT;
    long err = unix_socketpair(type, &a, &b);
    if (err)
        return err;
    if ((err = sock_file(a, flags, &fa))) {
        a->ops->release(a);
        b->ops->release(b);
        return err;
    }
    if ((err = sock_file(b, flags, &fb))) {
        file_put(fa);
        b->ops->release(b);
        return err;
    }
    int fds[2];
    fds[0] = fd_install(fa, 0, flags & SOCK_CLOEXEC);
    if (fds[0] < 0) {
        file_put(fa);
        file_put(fb);
        return fds[0];
    }
    fds[1] = fd_install(fb, 0, flags & SOCK_CLOEXEC);
    if (fds[1] < 0) {
        fd_close(fds[0]);
        file_put(fb);
        return fds[1];
    }
    if (copy_to_user(usv, fds, sizeof(fds))) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

static long do_bind(int fd, const void *uaddr, int len)
{
    struct sock *s;
    uint8_t a[SOCKADDR_MAX];
    long err = sock_fd(fd, &s);
    if (err || (err = addr_in(uaddr, len, a)))
        return err;
    err = s->ops->bind ? s->ops->bind(s, a, len) : -EOPNOTSUPP;
    net_flush();
    return err;
}

static long do_connect(int fd, const void *uaddr, int len)
{
    struct sock *s;
    uint8_t a[SOCKADDR_MAX];
    long err = sock_fd(fd, &s);
    if (err || (err = addr_in(uaddr, len, a)))
        return err;
    if (len < 2)
        return -EINVAL;
    err = s->ops->connect(s, a, len, s->file->flags & O_NONBLOCK);
    net_flush();
    return err;
}

static long do_listen(int fd, int backlog)
{
    struct sock *s;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (!s->ops->listen)
        return -EOPNOTSUPP;
    err = s->ops->listen(s, backlog);
    net_flush();
    return err;
}

static long do_accept4(int fd, void *uaddr, int *ulen, int flags)
{
    struct sock *s, *c;
    struct file *f;
    uint8_t a[SOCKADDR_MAX];
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
        return -EINVAL;
    if (!s->ops->accept)
        return -EOPNOTSUPP;
    if (uaddr) {
        int len;
        if (copy_from_user(&len, ulen, sizeof(len)))
            return -EFAULT;
        if (len < 0)
            return -EINVAL;
    }
    net_flush();
    err = s->ops->accept(s, &c, s->file->flags & O_NONBLOCK);
    if (err)
        return err;
    if ((err = sock_file(c, flags, &f))) {
        c->ops->release(c);
        return err;
    }
    int klen = c->ops->getname(c, a, 1);
    if (klen < 0) /* reset before accept: Linux still returns it */
        klen = c->ops->getname(c, a, 0);
    if (uaddr && klen >= 0 && (err = addr_out(a, klen, uaddr, ulen))) {
        file_put(f);
        return err;
    }
    return fd_install_new(f, flags & SOCK_CLOEXEC);
}

static long do_accept(int fd, void *uaddr, int *ulen)
{
    return do_accept4(fd, uaddr, ulen, 0);
}

static long getname(int fd, void *uaddr, int *ulen, int peer)
{
    struct sock *s;
    uint8_t a[SOCKADDR_MAX];
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    int len;
    if (copy_from_user(&len, ulen, sizeof(len)))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    int klen = s->ops->getname(s, a, peer);
    if (klen < 0)
        return klen;
    return addr_out(a, klen, uaddr, ulen);
}

static long do_getsockname(int fd, void *uaddr, int *ulen)
{
    return getname(fd, uaddr, ulen, 0);
}

static long do_getpeername(int fd, void *uaddr, int *ulen)
{
    return getname(fd, uaddr, ulen, 1);
}

static long do_shutdown(int fd, int how)
{
    struct sock *s;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    err = s->ops->shutdown(s, how);
    net_flush();
    return err;
}

static long do_setsockopt(int fd, int level, int name, const void *uval, int len)
{
    struct sock *s;
    uint8_t v[OPT_MAX];
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (len < 0)
        return -EINVAL;
    int n = len > OPT_MAX ? OPT_MAX : len;
    if (n && copy_from_user(v, uval, n))
        return -EFAULT;
    err = sock_setsockopt(s, level, name, v, n);
    net_flush();
    return err;
}

static long do_getsockopt(int fd, int level, int name, void *uval, int *ulen)
{
    struct sock *s;
    uint8_t v[OPT_MAX];
    int len;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (copy_from_user(&len, ulen, sizeof(len)))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    int n = len > OPT_MAX ? OPT_MAX : len;
    memset(v, 0, sizeof(v));
    if ((err = sock_getsockopt(s, level, name, v, &n)))
        return err;
    if (n && copy_to_user(uval, v, n))
        return -EFAULT;
    return copy_to_user(ulen, &n, sizeof(n));
}

/* ---- data ---- */

/* Copy a msghdr's iovec array in: 0 or -errno.  *heap is set when the
 * array had to be allocated. */
static long iov_in(struct msg *m, struct kiovec *small, int nsmall, const struct lx_msghdr *h)
{
    if (h->iovlen > UIO_MAXIOV)
        return -EMSGSIZE;
    m->iovlen = h->iovlen;
    m->iov = small;
    if (m->iovlen > nsmall && !(m->iov = kmalloc(m->iovlen * sizeof(struct kiovec))))
        return -ENOMEM;
    if (m->iovlen && copy_from_user(m->iov, h->iov, m->iovlen * sizeof(struct kiovec)))
        return -EFAULT;
    m->len = 0;
    for (int i = 0; i < m->iovlen; i++) {
        if ((int64_t)m->iov[i].len < 0 || (m->len += m->iov[i].len) > 0x7ffff000)
            return -EINVAL;
        if (!user_range_ok((uint64_t)m->iov[i].base, m->iov[i].len))
            return -EFAULT;
    }
    return 0;
}

static long do_sendmsg(struct sock *s, struct lx_msghdr *h, int flags)
{
    struct kiovec small[8];
    uint8_t name[SOCKADDR_MAX];
    struct msg m = {0};
    long err = iov_in(&m, small, 8, h);
    if (err)
        goto out;
    if (h->name && h->namelen) {
        if ((err = addr_in(h->name, h->namelen, name)))
            goto out;
        m.name = name;
        m.namelen = h->namelen;
    }
    if (h->controllen) {
        if (h->controllen > OPTMEM_MAX) {
            err = -ENOBUFS;
            goto out;
        }
        if (!(m.control = kmalloc(h->controllen))) {
            err = -ENOMEM;
            goto out;
        }
        if (copy_from_user(m.control, h->control, h->controllen)) {
            err = -EFAULT;
            goto out;
        }
        m.controllen = h->controllen;
    }
    if (s->file->flags & O_NONBLOCK)
        flags |= MSG_DONTWAIT;
    err = s->ops->sendmsg(s, &m, flags);
    net_flush();
out:
    kfree(m.control);
    if (m.iov != small)
        kfree(m.iov);
    return err;
}

static long do_recvmsg(struct sock *s, struct lx_msghdr *h, int flags)
{
    struct kiovec small[8];
    uint8_t name[SOCKADDR_MAX];
    struct msg m = {0};
    long err = iov_in(&m, small, 8, h);
    if (err)
        goto out;
    if (h->name)
        m.name = name;
    m.control = h->control;
    m.controllen = h->control ? h->controllen : 0;
    if (s->file->flags & O_NONBLOCK)
        flags |= MSG_DONTWAIT;
    net_flush();
    err = s->ops->recvmsg(s, &m, flags);
    net_flush();
    if (err < 0)
        goto out;
    if (h->name) {
        int n = m.namelen < (int)h->namelen ? m.namelen : (int)h->namelen;
        if (n > 0 && copy_to_user(h->name, name, n)) {
            err = -EFAULT;
            goto out;
        }
        h->namelen = m.namelen;
    }
    if (m.controllen > h->controllen)
        m.controllen = h->controllen;
    h->controllen = m.control ? m.controllen : 0;
    h->flags = m.flags;
out:
    if (m.iov != small)
        kfree(m.iov);
    return err;
}

static long do_sendto(int fd, const void *ubuf, size_t len, int flags, const void *uaddr, int alen)
{
    struct sock *s;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    struct kiovec v = {(void *)ubuf, len};
    struct lx_msghdr h = {.name = (void *)uaddr, .namelen = uaddr ? alen : 0, .iovlen = 1};
    if (uaddr && (alen < 0 || alen > SOCKADDR_MAX))
        return -EINVAL;
    if (len > 0x7ffff000)
        len = v.len = 0x7ffff000;
    if (!user_range_ok((uint64_t)ubuf, len))
        return -EFAULT;
    /* iov_in reads user memory: give it the one iovec directly */
    struct kiovec small[1] = {v};
    struct msg m = {.iov = small, .iovlen = 1, .len = len};
    uint8_t name[SOCKADDR_MAX];
    if (uaddr && alen) {
        if ((err = addr_in(uaddr, alen, name)))
            return err;
        m.name = name;
        m.namelen = alen;
    }
    (void)h;
    if (s->file->flags & O_NONBLOCK)
        flags |= MSG_DONTWAIT;
    err = s->ops->sendmsg(s, &m, flags);
    net_flush();
    return err;
}

static long do_recvfrom(int fd, void *ubuf, size_t len, int flags, void *uaddr, int *ulen)
{
    struct sock *s;
    uint8_t name[SOCKADDR_MAX];
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (len > 0x7ffff000)
        len = 0x7ffff000;
    if (!user_range_ok((uint64_t)ubuf, len))
        return -EFAULT;
    struct kiovec v = {ubuf, len};
    struct msg m = {.iov = &v, .iovlen = 1, .len = len, .name = uaddr ? name : 0};
    if (s->file->flags & O_NONBLOCK)
        flags |= MSG_DONTWAIT;
    net_flush();
    err = s->ops->recvmsg(s, &m, flags);
    net_flush();
    if (err < 0)
        return err;
    if (uaddr) {
        long e = addr_out(name, m.namelen, uaddr, ulen);
        if (e)
            return e;
    }
    return err;
}

static long fd_sendmsg(int fd, const struct lx_msghdr *umsg, int flags)
{
    struct sock *s;
    struct lx_msghdr h;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (copy_from_user(&h, umsg, sizeof(h)))
        return -EFAULT;
    return do_sendmsg(s, &h, flags);
}

static long fd_recvmsg(int fd, struct lx_msghdr *umsg, int flags)
{
    struct sock *s;
    struct lx_msghdr h;
    long err = sock_fd(fd, &s);
    if (err)
        return err;
    if (copy_from_user(&h, umsg, sizeof(h)))
        return -EFAULT;
    err = do_recvmsg(s, &h, flags);
    if (err < 0)
        return err;
    if (copy_to_user(&umsg->namelen, &h.namelen, 4) ||
        copy_to_user(&umsg->controllen, &h.controllen, 8) || copy_to_user(&umsg->flags, &h.flags, 4))
        return -EFAULT;
    return err;
}

/* sendmmsg and recvmmsg: one message header after another until one fails
 * or, receiving, the deadline passes (0: none); the count done if any, else
 * the error.  Each header's len gets what its call moved (recvmmsg writes
 * the whole header back: do_recvmsg filled its lengths and flags). */
static long mmsg_loop(struct sock *s, struct lx_mmsghdr *uvec, unsigned vlen, int flags,
                      int recv, uint64_t deadline)
{
    long err = 0;
    unsigned i;
    if (vlen > UIO_MAXIOV)
        vlen = UIO_MAXIOV;
    for (i = 0; i < vlen; i++) {
        struct lx_mmsghdr mh;
        if (copy_from_user(&mh, &uvec[i], sizeof(mh))) {
            err = -EFAULT;
            break;
        }
        err = recv ? do_recvmsg(s, &mh.hdr, flags) : do_sendmsg(s, &mh.hdr, flags);
        if (err < 0)
            break;
        mh.len = err;
        if (recv ? copy_to_user(&uvec[i], &mh, sizeof(mh))
                 : copy_to_user(&uvec[i].len, &mh.len, 4)) {
            err = -EFAULT;
            break;
        }
        if (recv && (flags & MSG_WAITFORONE))
            flags |= MSG_DONTWAIT;
        if (deadline && sock_deadline(0) >= deadline)
            break;
    }
    return i ? (long)i : err;
}

static long do_sendmmsg(int fd, struct lx_mmsghdr *uvec, unsigned vlen, int flags)
{
    struct sock *s;
    long err = sock_fd(fd, &s);
    return err ? err : mmsg_loop(s, uvec, vlen, flags, 0, 0);
}

struct lx_timespec {
    int64_t sec, nsec;
};

static long do_recvmmsg(int fd, struct lx_mmsghdr *uvec, unsigned vlen, int flags,
                        struct lx_timespec *uts)
{
    struct sock *s;
    long err = sock_fd(fd, &s);
    uint64_t deadline = 0;
    if (err)
        return err;
    if (uts) {
        struct lx_timespec ts;
        if (copy_from_user(&ts, uts, sizeof(ts)))
            return -EFAULT;
        if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
            return -EINVAL;
        deadline = sock_deadline((uint64_t)ts.sec * 1000000000ull + ts.nsec);
    }
    return mmsg_loop(s, uvec, vlen, flags, 1, deadline);
}

/* ---- entry points: the socket's file is held for the whole call, since
 * another thread may close the descriptor while this one sleeps ---- */

static struct file *hold(int fd)
{
    struct file *f = fd_get(fd);
    if (f)
        file_get(f);
    return f;
}

static long done(struct file *f, long r)
{
    if (f)
        file_put(f);
    return r;
}

long sys_bind(int fd, const void *uaddr, int len)
{
    struct file *f = hold(fd);
    return done(f, do_bind(fd, uaddr, len));
}

long sys_connect(int fd, const void *uaddr, int len)
{
    struct file *f = hold(fd);
    return done(f, do_connect(fd, uaddr, len));
}

long sys_listen(int fd, int backlog)
{
    struct file *f = hold(fd);
    return done(f, do_listen(fd, backlog));
}

long sys_accept4(int fd, void *uaddr, int *ulen, int flags)
{
    struct file *f = hold(fd);
    return done(f, do_accept4(fd, uaddr, ulen, flags));
}

long sys_accept(int fd, void *uaddr, int *ulen)
{
    struct file *f = hold(fd);
    return done(f, do_accept(fd, uaddr, ulen));
}

long sys_getsockname(int fd, void *uaddr, int *ulen)
{
    struct file *f = hold(fd);
    return done(f, do_getsockname(fd, uaddr, ulen));
}

long sys_getpeername(int fd, void *uaddr, int *ulen)
{
    struct file *f = hold(fd);
    return done(f, do_getpeername(fd, uaddr, ulen));
}

long sys_shutdown(int fd, int how)
{
    struct file *f = hold(fd);
    return done(f, do_shutdown(fd, how));
}

long sys_setsockopt(int fd, int level, int name, const void *uval, int len)
{
    struct file *f = hold(fd);
    return done(f, do_setsockopt(fd, level, name, uval, len));
}

long sys_getsockopt(int fd, int level, int name, void *uval, int *ulen)
{
    struct file *f = hold(fd);
    return done(f, do_getsockopt(fd, level, name, uval, ulen));
}

long sys_sendto(int fd, const void *ubuf, size_t len, int flags, const void *uaddr, int alen)
{
    struct file *f = hold(fd);
    return done(f, do_sendto(fd, ubuf, len, flags, uaddr, alen));
}

long sys_recvfrom(int fd, void *ubuf, size_t len, int flags, void *uaddr, int *ulen)
{
    struct file *f = hold(fd);
    return done(f, do_recvfrom(fd, ubuf, len, flags, uaddr, ulen));
}

long sys_sendmsg(int fd, const struct lx_msghdr *umsg, int flags)
{
    struct file *f = hold(fd);
    return done(f, fd_sendmsg(fd, umsg, flags));
}

long sys_recvmsg(int fd, struct lx_msghdr *umsg, int flags)
{
    struct file *f = hold(fd);
    return done(f, fd_recvmsg(fd, umsg, flags));
}

long sys_sendmmsg(int fd, struct lx_mmsghdr *uvec, unsigned vlen, int flags)
{
    struct file *f = hold(fd);
    return done(f, do_sendmmsg(fd, uvec, vlen, flags));
}

long sys_recvmmsg(int fd, struct lx_mmsghdr *uvec, unsigned vlen, int flags,
                  struct lx_timespec *uts)
{
    struct file *f = hold(fd);
    return done(f, do_recvmmsg(fd, uvec, vlen, flags, uts));
}
