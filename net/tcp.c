/* net/tcp.c: SOCK_STREAM over lwIP's raw TCP API.
 *
 * lwIP calls back (recv, sent, err, connected, accept) from inside
 * net_flush() or the net timer; the callbacks only queue data, record
 * state and wake sleepers.  Received pbufs wait in tcp_sock.rx until read;
 * the window is reopened (tcp_recved) as the program reads, so flow
 * control is the program's pace, as on Linux.  SO_RCVBUF and SO_SNDBUF,
 * once a program sets them, bound the window and the send queue (lwIP's
 * are one size for all).  Once the pcb is gone (reset,
 * timeout, closed) ts->pcb is NULL and ts->s.err says why.
 */
#include "include/linux/errno.h"
#include "lib/string.h"

#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "mm/mm.h"
#include "net/inaddr.h"
#include "net/net.h"
#include "net/socket.h"
#include "net/tcp.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define FIONREAD 0x541b
#define SIOCOUTQ 0x5411
#define BOUNCE 65536

static uint8_t bounce[BOUNCE]; /* user data on its way into tcp_write */

static const struct sock_ops tcp_ops;

static struct tcp_sock *tsock_alloc(int family)
{
    struct tcp_sock *ts = kzalloc(sizeof(*ts));
    if (!ts)
        return 0;
    sock_init(&ts->s, &tcp_ops, family, SOCK_STREAM, IPPROTO_TCP);
    ts->s.sndbuf = 16384 * 2;
    ts->s.rcvbuf = 131072;
    list_init(&ts->acceptq);
    list_init(&ts->acc_link);
    return ts;
}

/* ---- SO_RCVBUF and SO_SNDBUF ---- */

/* The receive window of a socket whose program set SO_RCVBUF is at most
 * that size (the doubled value getsockopt reports; Linux's window comes out
 * between the value set and twice it): the rest of lwIP's window is held
 * back from pcb->rcv_wnd.  Set once the handshake is done (lwIP sizes the
 * window while parsing the SYN's options), again on each SO_RCVBUF, and
 * given back before closing (lwIP resets a connection closed without its
 * whole window, taking it for unread data). */
static void rcv_window(struct tcp_sock *ts)
{
    struct tcp_pcb *pcb = ts->pcb;
    if (!pcb || ts->state != TS_CONNECTED)
        return;
    uint32_t full = TCP_WND_MAX(pcb), want = 0;
    if ((ts->s.opts & SOCKOPT_RCVBUF_LOCK) && (uint32_t)ts->s.rcvbuf < full)
        want = full - ts->s.rcvbuf;
    if (want > ts->rcv_held) {
        uint32_t d = want - ts->rcv_held;
        if (d > pcb->rcv_wnd)
            d = pcb->rcv_wnd;
        pcb->rcv_wnd -= d;
        ts->rcv_held += d;
        /* lwIP counts the window of the SYN as announced whole, though a
         * SYN carries at most 65535: move the edge back, or it would go on
         * offering the peer what it now drops */
        if (pcb->rcv_ann_wnd > pcb->rcv_wnd)
            pcb->rcv_ann_wnd = pcb->rcv_wnd;
        pcb->rcv_ann_right_edge = pcb->rcv_nxt + pcb->rcv_ann_wnd;
    }
    while (want < ts->rcv_held) {
        uint32_t d = ts->rcv_held - want > 0xffff ? 0xffff : ts->rcv_held - want;
        ts->rcv_held -= d;
        tcp_recved(pcb, (u16_t)d);
    }
}

/* Before tcp_close: the whole window back, with no window update sent. */
static void rcv_window_restore(struct tcp_sock *ts, struct tcp_pcb *pcb)
{
    uint32_t full = TCP_WND_MAX(pcb);
    pcb->rcv_wnd = pcb->rcv_wnd + ts->rcv_held > full ? full : pcb->rcv_wnd + ts->rcv_held;
    ts->rcv_held = 0;
}

/* Read n bytes: reopen the window by as much.  With a held-back window
 * lwIP's own update threshold (a quarter of its big window) may never be
 * reached: announce as Linux does once the window has doubled from what
 * the peer was last told. */
static void rcv_credit(struct tcp_sock *ts, u16_t n)
{
    struct tcp_pcb *pcb = ts->pcb;
    tcp_recved(pcb, n);
    if (!ts->rcv_held)
        return;
    uint32_t told = TCP_SEQ_GT(pcb->rcv_ann_right_edge, pcb->rcv_nxt)
                        ? pcb->rcv_ann_right_edge - pcb->rcv_nxt
                        : 0;
    uint32_t full = TCP_WND_MAX(pcb) - ts->rcv_held;
    if (told * 2 <= full && pcb->rcv_wnd >= told * 2 + 1)
        tcp_ack_now(pcb);
}

/* The send queue's limit: SO_SNDBUF's (doubled) size once set, else
 * lwIP's; and the room left in it. */
static size_t tx_limit(struct tcp_sock *ts)
{
    if ((ts->s.opts & SOCKOPT_SNDBUF_LOCK) && (size_t)ts->s.sndbuf < TCP_SND_BUF)
        return ts->s.sndbuf;
    return TCP_SND_BUF;
}

static size_t tx_room(struct tcp_sock *ts)
{
    size_t queued = TCP_SND_BUF - ts->pcb->snd_buf, limit = tx_limit(ts);
    return limit > queued ? limit - queued : 0;
}

/* ---- lwIP callbacks ---- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct tcp_sock *ts = arg;
    if (!p) {
        ts->fin = 1;
    } else {
        if (ts->rx)
            pbuf_cat(ts->rx, p);
        else
            ts->rx = p;
        ts->rx_len += p->tot_len;
    }
    sock_wake(&ts->s);
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    struct tcp_sock *ts = arg;
    sock_wake(&ts->s);
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    struct tcp_sock *ts = arg;
    ts->pcb = 0; /* lwIP has freed it */
    if (err == ERR_RST)
        ts->s.err = ts->state == TS_CONNECTING ? ECONNREFUSED : ECONNRESET;
    else if (err == ERR_ABRT)
        ts->s.err = ts->state == TS_CONNECTING ? ETIMEDOUT : ETIMEDOUT;
    else if (err != ERR_CLSD)
        ts->s.err = ECONNABORTED;
    ts->state = TS_CLOSED;
    ts->fin = 1;
    sock_wake(&ts->s);
    if (ts->listener)
        sock_wake(&ts->listener->s);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct tcp_sock *ts = arg;
    ts->state = TS_CONNECTED;
    rcv_window(ts);
    sock_wake(&ts->s);
    return ERR_OK;
}

static void hook(struct tcp_sock *ts, struct tcp_pcb *pcb)
{
    ts->pcb = pcb;
    if (ts->s.family == AF_INET6)
        ip_set_option(pcb, SOF_KILN_INET6);
    tcp_arg(pcb, ts);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
}

static void unhook(struct tcp_pcb *pcb)
{
    tcp_arg(pcb, 0);
    if (pcb->state == LISTEN) {
        tcp_accept(pcb, 0);
        return;
    }
    tcp_recv(pcb, 0);
    tcp_sent(pcb, 0);
    tcp_err(pcb, 0);
}

static err_t on_accept(void *arg, struct tcp_pcb *newpcb, err_t err)
{
    struct tcp_sock *ls = arg;
    if (err != ERR_OK || !newpcb)
        return ERR_VAL;
    struct tcp_sock *ts = tsock_alloc(ls->s.family);
    if (!ts)
        return ERR_MEM; /* lwIP aborts the connection */
    hook(ts, newpcb);
    ts->state = TS_CONNECTED;
    ts->listener = ls;
    ts->s.opts = ls->s.opts & ~SOCKOPT_REUSEPORT;
    ts->s.rcvbuf = ls->s.rcvbuf; /* Linux's child socket is a clone */
    ts->s.sndbuf = ls->s.sndbuf;
    rcv_window(ts);
    ts->nodelay = ls->nodelay;
    if (ts->nodelay)
        tcp_nagle_disable(newpcb);
    tcp_backlog_delayed(newpcb); /* counts against the backlog until accept() */
    list_add_tail(&ls->acceptq, &ts->acc_link);
    ls->nacc++;
    sock_wake(&ls->s);
    return ERR_OK;
}

/* ---- helpers ---- */

static int tcp_err_of(err_t e)
{
    switch (e) {
    case ERR_OK:
        return 0;
    case ERR_MEM:
    case ERR_BUF:
        return -ENOMEM;
    case ERR_USE:
        return -EADDRINUSE;
    case ERR_RTE:
        return -ENETUNREACH;
    case ERR_ISCONN:
        return -EISCONN;
    case ERR_ALREADY:
    case ERR_INPROGRESS:
        return -EALREADY;
    case ERR_VAL:
    case ERR_ARG:
        return -EINVAL;
    default:
        return -EIO;
    }
}

/* Take the pending error (SO_ERROR semantics: reported once). */
static int take_err(struct tcp_sock *ts)
{
    int e = ts->s.err;
    ts->s.err = 0;
    return -e;
}

int tcp_sock_pcb(struct tcp_sock *ts)
{
    if (ts->pcb)
        return 0;
    if (ts->state != TS_NEW)
        return -EINVAL;
    u8_t type = ts->s.family == AF_INET ? IPADDR_TYPE_V4 : ts->v6only ? IPADDR_TYPE_V6
                                                                       : IPADDR_TYPE_ANY;
    struct tcp_pcb *pcb = tcp_new_ip_type(type);
    if (!pcb)
        return -ENOMEM;
    hook(ts, pcb);
    if (ts->s.opts & SOCKOPT_REUSEADDR)
        ip_set_option(pcb, SOF_REUSEADDR);
    return 0;
}

/* A v6 socket's "::" is dual-stack unless IPV6_V6ONLY. */
static void any_type(struct tcp_sock *ts, ip_addr_t *ip)
{
    if (ts->s.family == AF_INET6 && !ts->v6only && ip_addr_isany(ip))
        *ip = *IP_ANY_TYPE;
}

/* Linux refuses to share a port with a listener, even with SO_REUSEADDR
 * on both; lwIP would allow it. */
static int port_has_listener(uint16_t port)
{
    for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l; l = l->next)
        if (l->local_port == port)
            return 1;
    return 0;
}

/* ---- operations ---- */

static int tcp_op_bind(struct sock *s, const void *addr, int len)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    ip_addr_t ip;
    uint16_t port;
    int err = inaddr_decode(s->family, addr, len, &ip, &port);
    if (err)
        return err;
    if (ts->bound || ts->state != TS_NEW)
        return -EINVAL;
    if (!inaddr_local(&ip))
        return -EADDRNOTAVAIL;
    if ((err = tcp_sock_pcb(ts)))
        return err;
    if (port && port_has_listener(port))
        return -EADDRINUSE;
    any_type(ts, &ip);
    if (IP_IS_V4(&ip) && s->family == AF_INET6 && ts->v6only)
        return -EINVAL;
    err = tcp_err_of(tcp_bind(ts->pcb, &ip, port));
    if (!err)
        ts->bound = 1;
    return err;
}

static int tcp_op_listen(struct sock *s, int backlog)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    int err;
    if (ts->state == TS_LISTEN) {
        ts->backlog = backlog; /* Linux lets listen() change the backlog */
        return 0;
    }
    if (ts->state != TS_NEW)
        return -EINVAL;
    if ((err = tcp_sock_pcb(ts)))
        return err;
    if (!ts->bound) {
        if ((err = tcp_err_of(tcp_bind(ts->pcb, IP_IS_V4(&ts->pcb->local_ip) ? IP4_ADDR_ANY : IP_ANY_TYPE, 0))))
            return err;
        ts->bound = 1;
    }
    if (backlog < 0 || backlog > 4096)
        backlog = 4096; /* somaxconn */
    /* Linux queues up to backlog + 1 established connections */
    u8_t lb = backlog >= 254 ? 255 : backlog + 1;
    err_t e;
    struct tcp_pcb *lpcb = tcp_listen_with_backlog_and_err(ts->pcb, lb, &e);
    if (!lpcb)
        return tcp_err_of(e);
    ts->pcb = lpcb; /* the old pcb was freed */
    tcp_arg(lpcb, ts);
    tcp_accept(lpcb, on_accept);
    ts->state = TS_LISTEN;
    ts->backlog = backlog;
    s->listening = 1;
    return 0;
}

static int tcp_op_accept(struct sock *s, struct sock **out, int nonblock)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (ts->state != TS_LISTEN)
        return -EINVAL;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    while (list_empty(&ts->acceptq)) {
        if (nonblock)
            return -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return err;
        if (ts->state != TS_LISTEN)
            return -EINVAL;
    }
    struct tcp_sock *c = list_entry(ts->acceptq.next, struct tcp_sock, acc_link);
    list_del(&c->acc_link);
    ts->nacc--;
    c->listener = 0;
    if (c->pcb)
        tcp_backlog_accepted(c->pcb);
    *out = &c->s;
    return 0;
}

static int tcp_op_connect(struct sock *s, const void *addr, int len, int nonblock)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    ip_addr_t ip;
    uint16_t port;
    int err;
    if (len >= 2 && *(const uint16_t *)addr == AF_UNSPEC) {
        /* disconnect: Linux aborts the connection */
        if (ts->pcb && ts->state != TS_LISTEN) {
            struct tcp_pcb *pcb = ts->pcb;
            unhook(pcb);
            tcp_abort(pcb);
            ts->pcb = 0;
            ts->state = TS_NEW;
            ts->bound = 0;
        }
        return 0;
    }
    if ((err = inaddr_decode(s->family, addr, len, &ip, &port)))
        return err;
    switch (ts->state) {
    case TS_CONNECTING:
        return -EALREADY;
    case TS_CONNECTED:
        /* the first connect() after a non-blocking one completes reports
         * success, the next ones EISCONN (Linux's SS_CONNECTING) */
        if (ts->nb_pending) {
            ts->nb_pending = 0;
            return 0;
        }
        return -EISCONN;
    case TS_LISTEN:
        return -EISCONN;
    case TS_CLOSED:
        ts->nb_pending = 0;
        if (ts->s.err)
            return take_err(ts);
        return -EISCONN;
    default:
        break;
    }
    if (s->family == AF_INET6 && ts->v6only && IP_IS_V4(&ip))
        return -ENETUNREACH;
    if (ip_addr_isany(&ip)) /* Linux connects "any" to the loopback address */
        ip_addr_set_loopback(!IP_IS_V4(&ip), &ip);
    if ((err = tcp_sock_pcb(ts)))
        return err;
    if (IP_IS_V4(&ip) && IP_GET_TYPE(&ts->pcb->local_ip) == IPADDR_TYPE_ANY &&
        ip_addr_isany(&ts->pcb->local_ip))
        IP_SET_TYPE_VAL(ts->pcb->local_ip, IPADDR_TYPE_V4);
    ts->state = TS_CONNECTING;
    err = tcp_err_of(tcp_connect(ts->pcb, &ip, port, on_connected));
    if (err) {
        ts->state = TS_NEW;
        return err;
    }
    ts->bound = 1;
    if (nonblock) {
        ts->nb_pending = 1;
        return -EINPROGRESS;
    }
    uint64_t deadline = sock_deadline(s->sndtimeo);
    while (ts->state == TS_CONNECTING) {
        err = sock_wait(s, deadline);
        if (err == -EAGAIN)
            return -EINPROGRESS;
        if (err)
            return err;
    }
    if (ts->state != TS_CONNECTED)
        return ts->s.err ? take_err(ts) : -ECONNREFUSED;
    return 0;
}

static long tcp_op_sendmsg(struct sock *s, struct msg *m, int flags)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    size_t len = msg_left(m), done = 0;
    int nonblock = flags & MSG_DONTWAIT;
    uint64_t deadline = sock_deadline(s->sndtimeo);
    if (ts->state == TS_CONNECTING && !nonblock) {
        while (ts->state == TS_CONNECTING) {
            int err = sock_wait(s, deadline);
            if (err)
                return err;
        }
    }
    if (ts->state == TS_CONNECTING)
        return -EAGAIN;
    while (done < len || !len) {
        if (ts->s.err)
            return done ? (long)done : take_err(ts);
        if (!ts->pcb || ts->state != TS_CONNECTED || (s->shut & SOCK_SND_SHUT)) {
            if (done)
                return done;
            if (ts->state == TS_NEW || ts->state == TS_LISTEN)
                return -ENOTCONN;
            return sock_epipe(flags);
        }
        if (!len)
            return 0;
        size_t room = tx_room(ts);
        if (tcp_sndqueuelen(ts->pcb) >= TCP_SND_QUEUELEN - 8)
            room = 0;
        if (!room) {
            tcp_output(ts->pcb);
            if (nonblock)
                return done ? (long)done : -EAGAIN;
            int err = sock_wait(s, deadline);
            if (err)
                return done ? (long)done : err;
            continue;
        }
        size_t n = len - done;
        if (n > room)
            n = room;
        if (n > BOUNCE)
            n = BOUNCE;
        if (msg_copy_in(m, bounce, n))
            return done ? (long)done : -EFAULT;
        u8_t wf = TCP_WRITE_FLAG_COPY |
                  (done + n < len || (flags & MSG_MORE) ? TCP_WRITE_FLAG_MORE : 0);
        /* tcp_write takes a u16_t length: feed it in pieces */
        size_t off = 0;
        err_t e = ERR_OK;
        while (off < n) {
            size_t piece = n - off > 0xffff ? 0xffff : n - off;
            e = tcp_write(ts->pcb, bounce + off, (u16_t)piece, wf);
            if (e != ERR_OK)
                break;
            off += piece;
        }
        done += off;
        if (off < n) {
            /* lwIP's queue is full: the cursor gives back what was not taken */
            msg_rewind(m, n - off);
            tcp_output(ts->pcb);
            if (e != ERR_MEM)
                return done ? (long)done : tcp_err_of(e);
            if (nonblock)
                return done ? (long)done : -EAGAIN;
            int err = sock_wait(s, deadline);
            if (err)
                return done ? (long)done : err;
            continue;
        }
        if (!(flags & MSG_MORE))
            tcp_output(ts->pcb);
        net_flush();
    }
    return done;
}

/* Copy len bytes from offset skip of the rx chain to the message. */
static int rx_copy(struct tcp_sock *ts, size_t skip, size_t len, struct msg *m)
{
    for (struct pbuf *q = ts->rx; q && len; q = q->next) {
        if (skip >= q->len) {
            skip -= q->len;
            continue;
        }
        size_t n = q->len - skip;
        if (n > len)
            n = len;
        if (msg_copy_out(m, (char *)q->payload + skip, n))
            return -EFAULT;
        len -= n;
        skip = 0;
    }
    return 0;
}

static void rx_consume(struct tcp_sock *ts, size_t n)
{
    while (n) {
        size_t k = n > 0xfff0 ? 0xfff0 : n;
        ts->rx = pbuf_free_header(ts->rx, (u16_t)k);
        ts->rx_len -= k;
        if (ts->pcb)
            rcv_credit(ts, (u16_t)k);
        n -= k;
    }
}

static long tcp_op_recvmsg(struct sock *s, struct msg *m, int flags)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    size_t want = msg_left(m), got = 0;
    int nonblock = flags & MSG_DONTWAIT;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    if (ts->state == TS_LISTEN || (ts->state == TS_NEW))
        return -ENOTCONN;
    if (flags & MSG_OOB)
        return -EINVAL;
    if (!want)
        return 0;
    for (;;) {
        if (ts->rx_len > (flags & MSG_PEEK ? got : 0)) {
            size_t n = ts->rx_len - (flags & MSG_PEEK ? got : 0);
            if (n > want - got)
                n = want - got;
            if (rx_copy(ts, flags & MSG_PEEK ? got : 0, n, m))
                return got ? (long)got : -EFAULT;
            if (!(flags & MSG_PEEK))
                rx_consume(ts, n);
            got += n;
            if (got == want || !(flags & MSG_WAITALL) || (flags & MSG_PEEK))
                break;
            continue;
        }
        if (got && !(flags & MSG_WAITALL))
            break;
        if (ts->s.err)
            return got ? (long)got : take_err(ts);
        if (ts->fin || (s->shut & SOCK_RCV_SHUT) || !ts->pcb)
            break;
        if (nonblock)
            return got ? (long)got : -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return got ? (long)got : err;
    }
    if (ts->pcb && !(flags & MSG_PEEK))
        tcp_output(ts->pcb); /* window update or delayed ACK */
    return got;
}

static int tcp_op_shutdown(struct sock *s, int how)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (ts->state == TS_LISTEN && (how == SHUT_RD || how == SHUT_RDWR)) {
        /* Linux: shutting a listener down stops it; accept() gets EINVAL */
        struct tcp_pcb *pcb = ts->pcb;
        unhook(pcb);
        tcp_close(pcb);
        ts->pcb = 0;
        ts->state = TS_CLOSED;
        s->listening = 0;
        s->shut |= SOCK_RCV_SHUT | SOCK_SND_SHUT;
        sock_wake(s);
        return 0;
    }
    if (ts->state != TS_CONNECTED && ts->state != TS_CLOSED)
        return -ENOTCONN;
    if (how == SHUT_RD || how == SHUT_RDWR)
        s->shut |= SOCK_RCV_SHUT;
    if ((how == SHUT_WR || how == SHUT_RDWR) && !(s->shut & SOCK_SND_SHUT)) {
        s->shut |= SOCK_SND_SHUT;
        if (ts->pcb)
            tcp_shutdown(ts->pcb, 0, 1);
    }
    sock_wake(s);
    return 0;
}

static int tcp_op_getname(struct sock *s, void *addr, int peer)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (peer) {
        if (ts->state != TS_CONNECTED || !ts->pcb)
            return -ENOTCONN;
        return inaddr_encode(s->family, &ts->pcb->remote_ip, ts->pcb->remote_port, addr);
    }
    if (!ts->pcb)
        return inaddr_encode(s->family, 0, 0, addr);
    return inaddr_encode(s->family, &ts->pcb->local_ip, ts->pcb->local_port, addr);
}

static unsigned tcp_op_poll(struct sock *s)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    unsigned m = 0;
    if (ts->state == TS_LISTEN)
        return list_empty(&ts->acceptq) ? 0 : POLLIN | POLLRDNORM;
    if (ts->s.err)
        m |= POLLERR;
    if (ts->state == TS_NEW || ts->state == TS_CLOSED ||
        (ts->fin && (s->shut & SOCK_SND_SHUT)))
        m |= POLLHUP;
    if (ts->state == TS_CONNECTING)
        return m;
    if (ts->rx_len || ts->fin || (s->shut & SOCK_RCV_SHUT))
        m |= POLLIN | POLLRDNORM;
    if (ts->fin || (s->shut & SOCK_RCV_SHUT))
        m |= POLLRDHUP;
    if (s->shut & SOCK_SND_SHUT || !ts->pcb)
        m |= POLLOUT | POLLWRNORM;
    else if (ts->state == TS_CONNECTED && tx_room(ts) >= tx_limit(ts) / 3 &&
             tcp_sndqueuelen(ts->pcb) < TCP_SND_QUEUELEN / 2)
        m |= POLLOUT | POLLWRNORM;
    else if (ts->state == TS_NEW)
        m |= POLLOUT | POLLWRNORM;
    return m;
}

static long tcp_op_ioctl(struct sock *s, unsigned cmd, uint64_t arg)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    int v;
    if (cmd == FIONREAD) {
        if (ts->state == TS_LISTEN)
            return -EINVAL;
        v = ts->rx_len;
    } else if (cmd == SIOCOUTQ) {
        if (ts->state == TS_LISTEN)
            return -EINVAL;
        v = ts->pcb ? TCP_SND_BUF - ts->pcb->snd_buf : 0;
    } else {
        return -ENOTTY;
    }
    return copy_to_user((void *)arg, &v, sizeof(v));
}

static void tcp_op_sync(struct sock *s)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (!ts->pcb || ts->state == TS_LISTEN) {
        if (ts->pcb && (s->opts & SOCKOPT_REUSEADDR))
            ip_set_option(ts->pcb, SOF_REUSEADDR);
        return;
    }
    if (s->opts & SOCKOPT_REUSEADDR)
        ip_set_option(ts->pcb, SOF_REUSEADDR);
    else
        ip_reset_option(ts->pcb, SOF_REUSEADDR);
    if (s->opts & SOCKOPT_KEEPALIVE)
        ip_set_option(ts->pcb, SOF_KEEPALIVE);
    else
        ip_reset_option(ts->pcb, SOF_KEEPALIVE);
    rcv_window(ts);
}

static void tcp_op_release(struct sock *s)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (ts->state == TS_LISTEN) {
        /* queued connections nobody accepted are reset, as on Linux */
        while (!list_empty(&ts->acceptq)) {
            struct tcp_sock *c = list_entry(ts->acceptq.next, struct tcp_sock, acc_link);
            list_del(&c->acc_link);
            c->listener = 0;
            tcp_op_release(&c->s);
        }
    }
    struct tcp_pcb *pcb = ts->pcb;
    if (pcb) {
        unhook(pcb);
        if (pcb->state == LISTEN) {
            tcp_close(pcb);
        } else if (ts->rx_len || (s->linger_on && !s->linger_secs)) {
            tcp_abort(pcb); /* unread data: Linux resets the connection */
        } else {
            rcv_window_restore(ts, pcb);
            if (tcp_close(pcb) != ERR_OK)
                tcp_abort(pcb);
        }
        ts->pcb = 0;
    }
    if (ts->rx)
        pbuf_free(ts->rx);
    kfree(ts);
}


static const struct sock_ops tcp_ops = {
    .bind = tcp_op_bind,
    .connect = tcp_op_connect,
    .listen = tcp_op_listen,
    .accept = tcp_op_accept,
    .sendmsg = tcp_op_sendmsg,
    .recvmsg = tcp_op_recvmsg,
    .shutdown = tcp_op_shutdown,
    .getname = tcp_op_getname,
    .poll = tcp_op_poll,
    .setopt = tcp_sock_setopt,
    .getopt = tcp_sock_getopt,
    .ioctl = tcp_op_ioctl,
    .sync_opts = tcp_op_sync,
    .release = tcp_op_release,
};

int tcp_sock_create(int family, struct sock **out)
{
    struct tcp_sock *ts = tsock_alloc(family);
    if (!ts)
        return -ENOMEM;
    *out = &ts->s;
    return 0;
}
