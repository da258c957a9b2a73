/* net/socket.c: sockets as files: creation, the file operations (read,
 * write, poll, ioctl, close), waiting, and the message cursor. */
#include "net/socket.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "net/net.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define FIONREAD 0x541b

/* ---- the message cursor ---- */

size_t msg_left(const struct msg *m)
{
    size_t n = 0;
    for (int i = m->cur; i < m->iovlen; i++)
        n += m->iov[i].len - (i == m->cur ? m->off : 0);
    return n;
}

static int msg_copy(struct msg *m, void *kbuf, size_t n, int out)
{
    char *k = kbuf;
    while (n && m->cur < m->iovlen) {
        struct kiovec *v = &m->iov[m->cur];
        size_t chunk = v->len - m->off;
        if (chunk > n)
            chunk = n;
        char *u = (char *)v->base + m->off;
        if (chunk && (out ? copy_to_user(u, k, chunk) : copy_from_user(k, u, chunk)))
            return -EFAULT;
        k += chunk;
        n -= chunk;
        m->off += chunk;
        if (m->off == v->len) {
            m->cur++;
            m->off = 0;
        }
    }
    return 0;
}

void msg_rewind(struct msg *m, size_t n)
{
    while (n) {
        if (!m->off) {
            m->cur--;
            m->off = m->iov[m->cur].len;
            continue;
        }
        size_t k = m->off < n ? m->off : n;
        m->off -= k;
        n -= k;
    }
}

int msg_copy_in(struct msg *m, void *kbuf, size_t n)
{
    return msg_copy(m, kbuf, n, 0);
}

int msg_copy_out(struct msg *m, const void *kbuf, size_t n)
{
    return msg_copy(m, (void *)kbuf, n, 1);
}

/* ---- waiting ---- */

void sock_wake(struct sock *s)
{
    s->events++;
    waitq_wake_all(&s->wait);
    if (s->file)
        vfs_poll_notify(s->file);
}

uint64_t sock_deadline(uint64_t timeo)
{
    return timeo ? time_mono_ns() + timeo : 0;
}

int sock_wait(struct sock *s, uint64_t deadline)
{
    /* lwIP may deliver what the caller waits for while flushing: then
     * there is nothing to sleep for */
    unsigned seen = s->events;
    net_flush();
    if (s->events != seen)
        return 0;
    enum wake_reason why = waitq_wait(&s->wait, deadline);
    if (why == WAKE_SIGNAL)
        return deadline ? -EINTR : -ERESTARTSYS;
    if (why == WAKE_TIMEOUT)
        return -EAGAIN;
    return 0;
}

long sock_epipe(int flags)
{
    if (!(flags & MSG_NOSIGNAL))
        signal_send_task(current(), SIGPIPE, 0);
    return -EPIPE;
}

/* ---- file operations ---- */

struct sock *sock_of(struct file *f)
{
    return f && f->ops == &sock_fops ? f->priv : 0;
}

static long sock_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct sock *s = f->priv;
    struct kiovec v = {ubuf, n};
    struct msg m = {.iov = &v, .iovlen = 1, .len = n};
    if (!user_range_ok((uint64_t)ubuf, n))
        return -EFAULT;
    long r = s->ops->recvmsg(s, &m, (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
    net_flush();
    return r;
}

static long sock_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    struct sock *s = f->priv;
    struct kiovec v = {(void *)ubuf, n};
    struct msg m = {.iov = &v, .iovlen = 1, .len = n};
    if (!user_range_ok((uint64_t)ubuf, n))
        return -EFAULT;
    long r = s->ops->sendmsg(s, &m, (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
    net_flush();
    return r;
}

static unsigned sock_poll(struct file *f)
{
    struct sock *s = f->priv;
    return s->ops->poll(s);
}

static long sock_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    struct sock *s = f->priv;
    long r = -ENOTTY;
    if (s->ops->ioctl)
        r = s->ops->ioctl(s, cmd, arg);
    if (r == -ENOTTY)
        r = netif_ioctl(cmd, arg);
    return r;
}

static void sock_release(struct file *f)
{
    struct sock *s = f->priv;
    s->file = 0;
    s->ops->release(s);
    net_flush();
}

const struct file_ops sock_fops = {
    .read = sock_read,
    .write = sock_write,
    .poll = sock_poll,
    .ioctl = sock_ioctl,
    .release = sock_release,
};

void sock_init(struct sock *s, const struct sock_ops *ops, int family, int type, int protocol)
{
    s->ops = ops;
    s->family = family;
    s->type = type;
    s->protocol = protocol;
    s->sndbuf = 212992;
    s->rcvbuf = 212992;
    s->rcvlowat = 1;
    waitq_init(&s->wait);
}

int sock_file(struct sock *s, int flags, struct file **out)
{
    struct inode *ino = inode_alloc(S_IFSOCK | 0777);
    if (!ino)
        return -ENOMEM;
    ino->nlink = 1;
    ino->uid = current()->proc->cred.fsuid; /* as Linux's SOCK_INODE: the creator */
    ino->gid = current()->proc->cred.fsgid;
    ino->fops = &sock_fops;
    ino->dev = 8; /* sockfs */
    struct file *f = file_alloc(ino, O_RDWR | (flags & O_NONBLOCK));
    inode_put(ino); /* the file holds it */
    if (!f)
        return -ENOMEM;
    f->priv = s;
    s->file = f;
    *out = f;
    return 0;
}

int sock_create(int family, int type, int protocol, struct sock **out)
{
    switch (family) {
    case AF_UNIX:
        if (protocol && protocol != 1 /* PF_UNIX */)
            return -EPROTONOSUPPORT;
        if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
            return -ESOCKTNOSUPPORT;
        return unix_sock_create(type, out);
    case AF_INET:
    case AF_INET6:
        if (type == SOCK_STREAM) {
            if (protocol && protocol != IPPROTO_TCP)
                return -EPROTONOSUPPORT;
            return tcp_sock_create(family, out);
        }
        if (type == SOCK_DGRAM && (!protocol || protocol == IPPROTO_UDP))
            return udp_sock_create(family, out);
        if (type == SOCK_RAW || type == SOCK_DGRAM)
            return raw_sock_create(family, type, protocol, out);
        return -ESOCKTNOSUPPORT;
    case AF_NETLINK:
        return netlink_sock_create(type, protocol, out);
    default:
        return -EAFNOSUPPORT;
    }
}
