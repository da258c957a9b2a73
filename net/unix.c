/* net/unix.c: AF_UNIX sockets, in the kernel (not lwIP): stream,
 * datagram and seqpacket; socketpair; filesystem names (a socket inode in
 * the tmpfs) and abstract names (leading NUL); SCM_RIGHTS; SO_PEERCRED.
 *
 * Each socket has a receive queue of messages (struct umsg).  A writer
 * appends to its peer's queue, bounded by the receiver's SO_RCVBUF.  Stream
 * reads run across messages but stop after one that carried descriptors,
 * as Linux does.  Connected sockets point at each other; whichever goes
 * first clears the other's pointer (all sockets are on one list for that
 * and for name lookups: programs have few).
 */
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/list.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "net/proc_net.h"
#include "net/socket.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define FIONREAD 0x541b
#define SIOCOUTQ 0x5411
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253
#define SO_PEERCRED 17
#define UNIX_PATH_MAX 108

struct ucred {
    int32_t pid;
    uint32_t uid, gid;
};

struct umsg {
    struct list link;
    size_t len, off;            /* off: bytes already read (stream) */
    struct file **fds;
    int nfds;
    uint8_t addr[2 + UNIX_PATH_MAX]; /* the sender's name (datagrams) */
    int addrlen;
    char data[];
};

enum { U_NEW, U_LISTEN, U_CONNECTED, U_DISCONNECTED };

struct unix_sock {
    struct sock s;
    int state;
    struct unix_sock *peer;
    struct list rxq;
    size_t rx_bytes;
    uint8_t addr[2 + UNIX_PATH_MAX];
    int addrlen;                /* 0: unbound */
    struct inode *node;         /* filesystem name's inode (referenced) */
    struct list acceptq;        /* listening: connections (struct unix_sock.acc_link) */
    int nacc, backlog;
    struct list acc_link;
    struct unix_sock *listener;
    struct ucred cred, peercred;
    struct list all;
};

static struct list all_socks = LIST_INIT(all_socks);
static const struct sock_ops unix_ops;

static struct unix_sock *u_alloc(int type)
{
    struct unix_sock *u = kzalloc(sizeof(*u));
    if (!u)
        return 0;
    sock_init(&u->s, &unix_ops, AF_UNIX, type, 0);
    list_init(&u->rxq);
    list_init(&u->acceptq);
    list_init(&u->acc_link);
    struct process *p = current()->proc;
    u->cred.pid = p->pid;
    u->cred.uid = p->cred.euid;
    u->cred.gid = p->cred.egid;
    list_add_tail(&all_socks, &u->all);
    return u;
}

static void umsg_free(struct umsg *m)
{
    for (int i = 0; i < m->nfds; i++)
        file_put(m->fds[i]);
    kfree(m->fds);
    kfree(m);
}

static int stream_like(struct unix_sock *u)
{
    return u->s.type != SOCK_DGRAM;
}

/* ---- names ---- */

/* Validate a sockaddr_un; the significant length (family + name). */
static int name_len(const void *addr, int len)
{
    const uint8_t *a = addr;
    if (len < 2 || len > 2 + UNIX_PATH_MAX)
        return -EINVAL;
    if (a[0] != AF_UNIX || a[1] != 0)
        return -EINVAL;
    if (len > 2 && a[2]) {
        /* a path: up to the first NUL */
        int n = 2;
        while (n < len && a[n])
            n++;
        return n;
    }
    return len;
}

static struct unix_sock *find_abstract(const uint8_t *addr, int len, int type)
{
    struct list *it;
    list_for_each(it, &all_socks)
    {
        struct unix_sock *u = list_entry(it, struct unix_sock, all);
        if (u->addrlen == len && !u->node && !memcmp(u->addr, addr, len) &&
            (type < 0 || u->s.type == type))
            return u;
    }
    return 0;
}

static int path_of(const uint8_t *addr, int len, char *path)
{
    memcpy(path, addr + 2, len - 2);
    path[len - 2] = 0;
    return 0;
}

/* The socket bound at addr: -ECONNREFUSED if nobody is, -ENOENT for a
 * missing path, -EPROTOTYPE for another type. */
static int lookup(const void *addr, int len, int type, struct unix_sock **out)
{
    int n = name_len(addr, len);
    if (n < 0)
        return n;
    if (n == 2)
        return -EINVAL;
    const uint8_t *a = addr;
    struct unix_sock *u = 0;
    if (!a[2]) {
        u = find_abstract(a, n, -1);
    } else {
        char path[UNIX_PATH_MAX + 1];
        struct inode *ino;
        path_of(a, n, path);
        int err = vfs_lookup(0, path, LOOKUP_FOLLOW, &ino);
        if (err)
            return err;
        if ((ino->mode & S_IFMT) != S_IFSOCK) {
            inode_put(ino);
            return -ECONNREFUSED;
        }
        struct list *it;
        list_for_each(it, &all_socks)
        {
            struct unix_sock *v = list_entry(it, struct unix_sock, all);
            if (v->node == ino)
                u = v;
        }
        inode_put(ino);
    }
    if (!u)
        return -ECONNREFUSED;
    if (u->s.type != type)
        return -EPROTOTYPE;
    *out = u;
    return 0;
}

static int u_autobind(struct unix_sock *u)
{
    static unsigned next = 1;
    uint8_t a[8];
    for (int tries = 0; tries < 0x100000; tries++) {
        a[0] = AF_UNIX;
        a[1] = 0;
        a[2] = 0;
        snprintf((char *)a + 3, 6, "%05x", next++ & 0xfffff);
        if (!find_abstract(a, 8, -1)) {
            memcpy(u->addr, a, 8);
            u->addrlen = 8;
            return 0;
        }
    }
    return -ENOSPC;
}

static int u_bind(struct sock *s, const void *addr, int len)
{
    struct unix_sock *u = (struct unix_sock *)s;
    int n = name_len(addr, len);
    if (n < 0)
        return n;
    if (u->addrlen)
        return -EINVAL;
    if (n == 2)
        return u_autobind(u);
    const uint8_t *a = addr;
    if (!a[2]) {
        if (find_abstract(a, n, -1))
            return -EADDRINUSE;
    } else {
        char path[UNIX_PATH_MAX + 1];
        path_of(a, n, path);
        int err = vfs_mknod(0, path, S_IFSOCK | (0777 & ~current()->proc->umask), 0);
        if (err)
            return err == -EEXIST ? -EADDRINUSE : err;
        err = vfs_lookup(0, path, 0, &u->node);
        if (err)
            return err;
    }
    memcpy(u->addr, a, n);
    u->addrlen = n;
    return 0;
}

/* ---- connections ---- */

static void pair(struct unix_sock *a, struct unix_sock *b)
{
    a->peer = b;
    b->peer = a;
    a->state = b->state = U_CONNECTED;
    a->peercred = b->cred;
    b->peercred = a->cred;
}

static int u_listen(struct sock *s, int backlog)
{
    struct unix_sock *u = (struct unix_sock *)s;
    if (!stream_like(u))
        return -EOPNOTSUPP;
    if (u->state != U_NEW && u->state != U_LISTEN)
        return -EINVAL;
    if (!u->addrlen)
        return -EINVAL;
    if (backlog < 0 || backlog > 4096)
        backlog = 4096;
    u->backlog = backlog;
    u->state = U_LISTEN;
    s->listening = 1;
    sock_wake(s);
    return 0;
}

static int u_connect(struct sock *s, const void *addr, int len, int nonblock)
{
    struct unix_sock *u = (struct unix_sock *)s, *srv;
    if (len >= 2 && *(const uint16_t *)addr == AF_UNSPEC && !stream_like(u)) {
        u->peer = 0;
        u->state = U_NEW;
        return 0;
    }
    int err = lookup(addr, len, s->type, &srv);
    if (err)
        return err;
    if (!stream_like(u)) {
        u->peer = srv;
        u->state = U_CONNECTED;
        return 0;
    }
    if (u->state == U_CONNECTED)
        return -EISCONN;
    if (u->state == U_LISTEN)
        return -EINVAL;
    uint64_t deadline = sock_deadline(s->sndtimeo);
    for (;;) {
        if (srv->state != U_LISTEN)
            return -ECONNREFUSED;
        if (srv->nacc <= srv->backlog)
            break;
        if (nonblock)
            return -EAGAIN;
        err = sock_wait(s, deadline);
        if (err == -EAGAIN)
            return -EAGAIN;
        if (err)
            return err;
        if ((err = lookup(addr, len, s->type, &srv)))
            return err;
    }
    struct unix_sock *c = u_alloc(s->type);
    if (!c)
        return -ENOMEM;
    memcpy(c->addr, srv->addr, srv->addrlen);
    c->addrlen = srv->addrlen;
    c->cred = srv->cred;
    pair(u, c);
    c->listener = srv;
    list_add_tail(&srv->acceptq, &c->acc_link);
    srv->nacc++;
    sock_wake(&srv->s);
    return 0;
}

static int u_accept(struct sock *s, struct sock **out, int nonblock)
{
    struct unix_sock *u = (struct unix_sock *)s;
    if (!stream_like(u))
        return -EOPNOTSUPP;
    if (u->state != U_LISTEN)
        return -EINVAL;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    while (list_empty(&u->acceptq)) {
        if (nonblock)
            return -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return err;
        if (u->state != U_LISTEN)
            return -EINVAL;
    }
    struct unix_sock *c = list_entry(u->acceptq.next, struct unix_sock, acc_link);
    list_del(&c->acc_link);
    u->nacc--;
    c->listener = 0;
    sock_wake(s); /* a connector may wait for room */
    *out = &c->s;
    return 0;
}

/* ---- data ---- */

/* Take the SCM_RIGHTS descriptors out of a sendmsg control buffer. */
static int take_rights(struct msg *m, struct file ***fds, int *nfds)
{
    uint8_t *c = m->control;
    size_t left = m->controllen;
    *fds = 0;
    *nfds = 0;
    while (left >= 16) {
        uint64_t clen;
        int level, type;
        memcpy(&clen, c, 8);
        memcpy(&level, c + 8, 4);
        memcpy(&type, c + 12, 4);
        if (clen < 16 || clen > left)
            return -EINVAL;
        if (level == SOL_SOCKET && type == SCM_RIGHTS) {
            int n = (clen - 16) / 4;
            if (n <= 0 || n + *nfds > SCM_MAX_FD)
                return -EINVAL;
            struct file **nf = kmalloc((*nfds + n) * sizeof(*nf));
            if (!nf)
                return -ENOMEM;
            if (*nfds)
                memcpy(nf, *fds, *nfds * sizeof(*nf));
            kfree(*fds);
            *fds = nf;
            for (int i = 0; i < n; i++) {
                int fd;
                memcpy(&fd, c + 16 + 4 * i, 4);
                struct file *f = fd_get(fd);
                if (!f)
                    return -EBADF;
                file_get(f);
                nf[(*nfds)++] = f;
            }
        } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS) {
            /* accepted when they are the sender's own, as for root */
        } else {
            return -EINVAL;
        }
        size_t step = (clen + 7) & ~7ull;
        if (step >= left)
            break;
        c += step;
        left -= step;
    }
    return 0;
}

static void drop_rights(struct file **fds, int nfds)
{
    for (int i = 0; i < nfds; i++)
        file_put(fds[i]);
    kfree(fds);
}

static long u_sendmsg(struct sock *s, struct msg *m, int flags)
{
    struct unix_sock *u = (struct unix_sock *)s, *to;
    size_t len = msg_left(m), done = 0;
    uint64_t deadline = sock_deadline(s->sndtimeo);
    struct file **fds;
    int nfds, err;
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (stream_like(u) && m->name && m->namelen && u->state != U_CONNECTED)
        return s->type == SOCK_STREAM ? -EOPNOTSUPP : -ENOTCONN;
    if (!stream_like(u) && m->name && m->namelen) {
        if ((err = lookup(m->name, m->namelen, s->type, &to)))
            return err;
    } else {
        if (u->state != U_CONNECTED)
            return stream_like(u) ? -ENOTCONN : -ENOTCONN;
        to = u->peer;
        if (!to)
            return stream_like(u) ? sock_epipe(flags) : -ECONNREFUSED;
    }
    if (s->shut & SOCK_SND_SHUT)
        return sock_epipe(flags);
    if (!stream_like(u) && len > (size_t)s->sndbuf - 32)
        return -EMSGSIZE;
    if ((err = take_rights(m, &fds, &nfds))) {
        drop_rights(fds, nfds);
        return err;
    }
    if (!stream_like(u) && !u->addrlen && (u->s.opts & SOCKOPT_PASSCRED))
        u_autobind(u);
    do {
        if (stream_like(u) && (!u->peer || (to->s.shut & SOCK_RCV_SHUT))) {
            drop_rights(fds, nfds);
            return done ? (long)done : sock_epipe(flags);
        }
        size_t room = to->rx_bytes < (size_t)to->s.rcvbuf ? to->s.rcvbuf - to->rx_bytes : 0;
        size_t n = len - done;
        if (stream_like(u) && s->type == SOCK_STREAM) {
            if (n > room)
                n = room;
            if (n > 65536)
                n = 65536;
        } else if (room < n && to->rx_bytes) {
            room = 0;
        }
        if (!room || (!n && len)) {
            if (flags & MSG_DONTWAIT) {
                drop_rights(fds, nfds);
                return done ? (long)done : -EAGAIN;
            }
            err = sock_wait(s, deadline);
            if (err) {
                drop_rights(fds, nfds);
                return done ? (long)done : err;
            }
            if (!stream_like(u) && !(m->name && m->namelen) && u->peer != to) {
                drop_rights(fds, nfds);
                return -ECONNREFUSED;
            }
            continue;
        }
        struct umsg *um = kmalloc(sizeof(*um) + n);
        if (!um) {
            drop_rights(fds, nfds);
            return done ? (long)done : -ENOMEM;
        }
        um->len = n;
        um->off = 0;
        um->fds = fds;
        um->nfds = nfds;
        um->addrlen = u->addrlen;
        memcpy(um->addr, u->addr, u->addrlen);
        fds = 0;
        nfds = 0;
        if (msg_copy_in(m, um->data, n)) {
            umsg_free(um);
            return done ? (long)done : -EFAULT;
        }
        list_add_tail(&to->rxq, &um->link);
        to->rx_bytes += n;
        done += n;
        sock_wake(&to->s);
    } while (done < len);
    drop_rights(fds, nfds);
    return done;
}

/* Hand a message's descriptors to the receiver as an SCM_RIGHTS cmsg. */
static void give_rights(struct msg *m, struct umsg *um, int flags)
{
    size_t room = m->controllen, used = 0;
    int fit = room >= 16 ? (room - 16) / 4 : 0;
    if (fit > um->nfds)
        fit = um->nfds;
    if (fit < um->nfds)
        m->flags |= MSG_CTRUNC;
    if (fit > 0) {
        int fds[SCM_MAX_FD];
        int n = 0;
        for (; n < fit; n++) {
            file_get(um->fds[n]);
            int fd = fd_install_new(um->fds[n], !!(flags & MSG_CMSG_CLOEXEC));
            if (fd < 0) {
                m->flags |= MSG_CTRUNC;
                break;
            }
            fds[n] = fd;
        }
        uint64_t clen = 16 + 4 * n;
        int hdr[2] = {SOL_SOCKET, SCM_RIGHTS};
        uint8_t buf[16];
        memcpy(buf, &clen, 8);
        memcpy(buf + 8, hdr, 8);
        if (!copy_to_user(m->control, buf, 16) &&
            !copy_to_user((uint8_t *)m->control + 16, fds, 4 * n))
            used = (clen + 7) & ~7ull;
        if (used > room)
            used = clen;
    }
    m->controllen = used;
    /* descriptors that did not fit are closed, as on Linux */
    for (int i = 0; i < um->nfds; i++)
        file_put(um->fds[i]);
    kfree(um->fds);
    um->fds = 0;
    um->nfds = 0;
}

static long u_recvmsg(struct sock *s, struct msg *m, int flags)
{
    struct unix_sock *u = (struct unix_sock *)s;
    size_t want = msg_left(m), got = 0;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    size_t ctl_room = m->controllen;
    m->controllen = 0;
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (stream_like(u) && u->state != U_CONNECTED)
        return -EINVAL * 0 - (u->state == U_LISTEN ? EINVAL : ENOTCONN);
    for (;;) {
        if (!list_empty(&u->rxq))
            break;
        if ((s->shut & SOCK_RCV_SHUT) || (stream_like(u) && !u->peer))
            return 0;
        if (flags & MSG_DONTWAIT)
            return -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return err;
    }
    if (!stream_like(u) || s->type == SOCK_SEQPACKET) {
        struct umsg *um = list_entry(u->rxq.next, struct umsg, link);
        size_t n = um->len < want ? um->len : want;
        if (um->len > want)
            m->flags |= MSG_TRUNC;
        if (msg_copy_out(m, um->data, n))
            return -EFAULT;
        if (m->name && um->addrlen) {
            memcpy(m->name, um->addr, um->addrlen);
            m->namelen = um->addrlen;
        } else if (m->name && !stream_like(u)) {
            m->namelen = 2;
            *(uint16_t *)m->name = AF_UNIX;
        }
        long ret = (flags & MSG_TRUNC) ? (long)um->len : (long)n;
        if (!(flags & MSG_PEEK)) {
            m->controllen = ctl_room;
            if (um->nfds)
                give_rights(m, um, flags);
            else
                m->controllen = 0;
            list_del(&um->link);
            u->rx_bytes -= um->len;
            umsg_free(um);
            if (u->peer)
                sock_wake(&u->peer->s);
            else
                sock_wake(s);
        }
        return ret;
    }
    /* stream: run across messages */
    struct list *it = u->rxq.next;
    size_t peek_off = 0;
    while (got < want && it != &u->rxq) {
        struct umsg *um = list_entry(it, struct umsg, link);
        size_t avail = um->len - um->off - peek_off;
        size_t n = avail < want - got ? avail : want - got;
        if (msg_copy_out(m, um->data + um->off + peek_off, n))
            return got ? (long)got : -EFAULT;
        got += n;
        int had_fds = um->nfds;
        if (flags & MSG_PEEK) {
            it = it->next;
            peek_off = 0;
            if (had_fds)
                break;
            continue;
        }
        um->off += n;
        u->rx_bytes -= n;
        if (had_fds) {
            m->controllen = ctl_room;
            give_rights(m, um, flags);
        }
        if (um->off == um->len) {
            it = it->next;
            list_del(&um->link);
            umsg_free(um);
        }
        if (had_fds)
            break;
        if (got == want)
            break;
        if (it == &u->rxq && (flags & MSG_WAITALL) && u->peer && !(s->shut & SOCK_RCV_SHUT)) {
            if (u->peer)
                sock_wake(&u->peer->s);
            int err = sock_wait(s, deadline);
            if (err)
                break;
            it = u->rxq.next;
        }
    }
    if (u->peer)
        sock_wake(&u->peer->s);
    return got;
}

static int u_shutdown(struct sock *s, int how)
{
    struct unix_sock *u = (struct unix_sock *)s;
    if (u->state != U_CONNECTED && !(u->state == U_LISTEN))
        return -ENOTCONN;
    int mine = 0, theirs = 0;
    if (how == SHUT_RD || how == SHUT_RDWR)
        mine |= SOCK_RCV_SHUT, theirs |= SOCK_SND_SHUT;
    if (how == SHUT_WR || how == SHUT_RDWR)
        mine |= SOCK_SND_SHUT, theirs |= SOCK_RCV_SHUT;
    s->shut |= mine;
    if (u->peer && stream_like(u)) {
        u->peer->s.shut |= theirs;
        sock_wake(&u->peer->s);
    }
    sock_wake(s);
    return 0;
}

static int u_getname(struct sock *s, void *addr, int peer)
{
    struct unix_sock *u = (struct unix_sock *)s;
    struct unix_sock *v = u;
    if (peer) {
        if (u->state != U_CONNECTED || !u->peer)
            return -ENOTCONN;
        v = u->peer;
    }
    if (!v->addrlen) {
        *(uint16_t *)addr = AF_UNIX;
        return 2;
    }
    memcpy(addr, v->addr, v->addrlen);
    /* Linux reports a path's length with its terminating NUL */
    if (v->addrlen > 2 && v->addr[2] && v->addrlen < 2 + UNIX_PATH_MAX) {
        ((uint8_t *)addr)[v->addrlen] = 0;
        return v->addrlen + 1;
    }
    return v->addrlen;
}

static unsigned u_poll(struct sock *s)
{
    struct unix_sock *u = (struct unix_sock *)s;
    unsigned m = 0;
    if (u->state == U_LISTEN)
        return list_empty(&u->acceptq) ? 0 : POLLIN | POLLRDNORM;
    if (!list_empty(&u->rxq))
        m |= POLLIN | POLLRDNORM;
    if (s->shut & SOCK_RCV_SHUT)
        m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if ((s->shut & (SOCK_RCV_SHUT | SOCK_SND_SHUT)) == (SOCK_RCV_SHUT | SOCK_SND_SHUT))
        m |= POLLHUP;
    if (stream_like(u)) {
        if (u->state == U_DISCONNECTED || (u->state == U_CONNECTED && !u->peer))
            m |= POLLHUP | POLLIN | POLLRDNORM | POLLRDHUP;
        if (u->state == U_NEW)
            m |= POLLHUP;
    }
    struct unix_sock *to = u->peer;
    if (!to || to->rx_bytes < (size_t)to->s.rcvbuf / 4 * 3 || !stream_like(u))
        if (!(to && !stream_like(u) && to->rx_bytes >= (size_t)to->s.rcvbuf))
            m |= POLLOUT | POLLWRNORM;
    if (u->state == U_CONNECTED && !u->peer && stream_like(u))
        m |= POLLOUT | POLLWRNORM;
    return m;
}

static long u_ioctl(struct sock *s, unsigned cmd, uint64_t arg)
{
    struct unix_sock *u = (struct unix_sock *)s;
    int v = 0;
    if (cmd == FIONREAD) {
        if (u->state == U_LISTEN)
            return -EINVAL;
        if (s->type == SOCK_STREAM)
            v = u->rx_bytes;
        else if (!list_empty(&u->rxq))
            v = list_entry(u->rxq.next, struct umsg, link)->len;
    } else if (cmd == SIOCOUTQ) {
        v = 0;
    } else {
        return -ENOTTY;
    }
    return copy_to_user((void *)arg, &v, sizeof(v));
}

static int u_getopt(struct sock *s, int level, int name, void *val, int *len)
{
    struct unix_sock *u = (struct unix_sock *)s;
    if (level == SOL_SOCKET && name == SO_PEERCRED) {
        struct ucred c = {0, -1, -1};
        if (u->state == U_CONNECTED || u->state == U_DISCONNECTED)
            c = u->peercred;
        else if (u->state == U_LISTEN)
            c = u->cred;
        int n = *len < (int)sizeof(c) ? *len : (int)sizeof(c);
        memcpy(val, &c, n);
        *len = n;
        return 0;
    }
    return -EOPNOTSUPP;
}

static int u_setopt(struct sock *s, int level, int name, const void *val, int len)
{
    return -EOPNOTSUPP;
}

static void u_release(struct sock *s)
{
    struct unix_sock *u = (struct unix_sock *)s;
    /* connections nobody accepted go too; their clients see EOF/EPIPE */
    while (!list_empty(&u->acceptq)) {
        struct unix_sock *c = list_entry(u->acceptq.next, struct unix_sock, acc_link);
        list_del(&c->acc_link);
        c->listener = 0;
        u_release(&c->s);
    }
    if (u->listener) {
        list_del(&u->acc_link);
        u->listener->nacc--;
    }
    struct list *it;
    list_for_each(it, &all_socks)
    {
        struct unix_sock *v = list_entry(it, struct unix_sock, all);
        if (v->peer == u) {
            v->peer = 0;
            if (stream_like(v)) {
                v->s.shut |= SOCK_SND_SHUT;
                /* unread data at close: the peer sees a reset, as on Linux */
                if (!list_empty(&u->rxq))
                    v->s.err = ECONNRESET;
            }
            sock_wake(&v->s);
        }
    }
    list_del(&u->all);
    while (!list_empty(&u->rxq)) {
        struct umsg *um = list_entry(u->rxq.next, struct umsg, link);
        list_del(&um->link);
        umsg_free(um);
    }
    if (u->node)
        inode_put(u->node);
    kfree(u);
}

static const struct sock_ops unix_ops = {
    .bind = u_bind,
    .connect = u_connect,
    .listen = u_listen,
    .accept = u_accept,
    .sendmsg = u_sendmsg,
    .recvmsg = u_recvmsg,
    .shutdown = u_shutdown,
    .getname = u_getname,
    .poll = u_poll,
    .ioctl = u_ioctl,
    .setopt = u_setopt,
    .getopt = u_getopt,
    .release = u_release,
};

int unix_sock_create(int type, struct sock **out)
{
    struct unix_sock *u = u_alloc(type);
    if (!u)
        return -ENOMEM;
    *out = &u->s;
    return 0;
}

int unix_socketpair(int type, struct sock **a, struct sock **b)
{
    struct unix_sock *x = u_alloc(type), *y = u_alloc(type);
    if (!x || !y) {
        if (x)
            u_release(&x->s);
        if (y)
            u_release(&y->s);
        return -ENOMEM;
    }
    pair(x, y);
    *a = &x->s;
    *b = &y->s;
    return 0;
}

void unix_walk(void (*fn)(void *ctx, const struct unix_info *u), void *ctx)
{
    struct list *it;
    list_for_each(it, &all_socks)
    {
        struct unix_sock *u = list_entry(it, struct unix_sock, all);
        struct unix_info i = {
            .s = &u->s,
            .listening = u->state == U_LISTEN,
            .connected = u->state == U_CONNECTED || (!stream_like(u) && u->peer),
            .addr = u->addr,
            .addrlen = u->addrlen,
        };
        fn(ctx, &i);
    }
}
