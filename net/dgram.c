/* net/dgram.c: datagram sockets on lwIP: UDP (SOCK_DGRAM) and ICMP
 * (SOCK_RAW, and Linux's SOCK_DGRAM "ping" sockets, IPPROTO_ICMP/ICMPV6).
 *
 * Received datagrams wait in a queue bounded by SO_RCVBUF (beyond it they
 * are dropped, as on Linux).  Raw IPv4 sockets receive the IP header, as
 * on Linux; ping sockets and IPv6 raw sockets get the ICMP message only.
 */
#include "include/linux/errno.h"
#include "lib/list.h"
#include "lib/string.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/raw.h"
#include "lwip/udp.h"
#include "mm/mm.h"
#include "net/inaddr.h"
#include "net/net.h"
#include "net/inet_opt.h"
#include "net/proc_net.h"
#include "net/socket.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

#define FIONREAD 0x541b
#define SIOCOUTQ 0x5411
#define UDP_MAX 65507

struct dgram {
    struct list link;
    struct pbuf *p;
    ip_addr_t addr;
    uint16_t port;
};

struct dgram_sock {
    struct sock s;
    int raw, ping;              /* raw pcb; Linux ping socket (SOCK_DGRAM ICMP) */
    union {
        struct udp_pcb *udp;
        struct raw_pcb *rpcb;
        void *pcb;
    };
    int bound, connected, v6only;
    ip_addr_t peer;
    uint16_t peer_port;
    struct list rxq;
    size_t rx_bytes;
    struct list all;            /* UDP sockets, for ICMP errors */
};

static struct list udp_socks = LIST_INIT(udp_socks);
static struct list raw_socks = LIST_INIT(raw_socks); /* for /proc/net/raw */
static struct raw_pcb *icmp_watch;


static int queue(struct dgram_sock *ds, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    struct dgram *d;
    if (ds->rx_bytes + p->tot_len > (size_t)ds->s.rcvbuf || !(d = kmalloc(sizeof(*d))))
        return 0;
    d->p = p;
    ip_addr_copy(d->addr, *addr);
    d->port = port;
    list_add_tail(&ds->rxq, &d->link);
    ds->rx_bytes += p->tot_len;
    sock_wake(&ds->s);
    return 1;
}

static void on_udp(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    if (!queue(arg, p, addr, port))
        pbuf_free(p);
}

static u8_t on_raw(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
    struct dgram_sock *ds = arg;
    struct pbuf *q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
    if (!q)
        return 0;
    if (ds->ping || IP_IS_V6(addr)) {
        /* IPv4 raw input starts at the IP header; ping sockets skip it */
        if (IP_IS_V4(addr)) {
            u16_t hlen = (((const u8_t *)q->payload)[0] & 0xf) * 4;
            pbuf_remove_header(q, hlen);
        }
        if (ds->ping) {
            /* only echo replies to this socket's identifier */
            u8_t type = ((const u8_t *)q->payload)[0];
            u16_t id;
            memcpy(&id, (const u8_t *)q->payload + 4, 2);
            if (q->len < 8 || type != (IP_IS_V6(addr) ? 129 : 0) ||
                lwip_ntohs(id) != ds->rpcb->protocol * 0 + ds->peer_port) {
                pbuf_free(q);
                return 0;
            }
        }
    }
    if (!queue(ds, q, addr, 0))
        pbuf_free(q);
    return 0; /* lwIP's own ICMP handling goes on (echo replies) */
}

/* An ICMP "port unreachable" about a datagram a connected UDP socket sent:
 * Linux reports ECONNREFUSED on that socket (next send, recv, SO_ERROR). */
static u8_t on_icmp_err(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
    uint8_t b[8 + 60 + 8];
    if (!IP_IS_V4(addr) || p->tot_len < 20)
        return 0;
    u16_t hl = (((const u8_t *)p->payload)[0] & 0xf) * 4;
    u16_t n = pbuf_copy_partial(p, b, sizeof(b), hl);
    if (n < 8 + 20 + 4 || b[0] != 3 || b[1] != 3)
        return 0;
    const uint8_t *ip = b + 8;
    u16_t ihl = (ip[0] & 0xf) * 4;
    if (ip[9] != IPPROTO_UDP || n < 8 + ihl + 4)
        return 0;
    uint32_t dst;
    uint16_t sport, dport;
    memcpy(&dst, ip + 16, 4);
    memcpy(&sport, ip + ihl, 2);
    memcpy(&dport, ip + ihl + 2, 2);
    struct list *it;
    list_for_each(it, &udp_socks)
    {
        struct dgram_sock *ds = list_entry(it, struct dgram_sock, all);
        if (ds->connected && IP_IS_V4(&ds->peer) && ip4_addr_get_u32(ip_2_ip4(&ds->peer)) == dst &&
            ds->peer_port == lwip_ntohs(dport) && ds->udp->local_port == lwip_ntohs(sport)) {
            ds->s.err = ECONNREFUSED;
            sock_wake(&ds->s);
        }
    }
    return 0;
}

static int derr(err_t e)
{
    switch (e) {
    case ERR_OK:
        return 0;
    case ERR_MEM:
    case ERR_BUF:
        return -ENOBUFS;
    case ERR_USE:
        return -EADDRINUSE;
    case ERR_RTE:
        return -ENETUNREACH;
    case ERR_VAL:
    case ERR_ARG:
        return -EINVAL;
    default:
        return -EIO;
    }
}

static void any_type(struct dgram_sock *ds, ip_addr_t *ip)
{
    if (ds->s.family == AF_INET6 && !ds->v6only && ip_addr_isany(ip))
        *ip = *IP_ANY_TYPE;
}

static int d_bind(struct sock *s, const void *addr, int len)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    ip_addr_t ip;
    uint16_t port;
    int err = inaddr_decode(s->family, addr, len, &ip, &port);
    if (err)
        return err;
    if (ds->bound)
        return -EINVAL;
    if (!inaddr_local(&ip))
        return -EADDRNOTAVAIL;
    any_type(ds, &ip);
    if (ds->raw) {
        err = derr(raw_bind(ds->rpcb, &ip));
        if (ds->ping && !err)
            ds->peer_port = port;
    } else {
        err = derr(udp_bind(ds->udp, &ip, port));
    }
    if (!err)
        ds->bound = 1;
    return err;
}

static int d_connect(struct sock *s, const void *addr, int len, int nonblock)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    ip_addr_t ip;
    uint16_t port;
    if (len >= 2 && *(const uint16_t *)addr == AF_UNSPEC) {
        if (!ds->raw)
            udp_disconnect(ds->udp);
        ds->connected = 0;
        return 0;
    }
    int err = inaddr_decode(s->family, addr, len, &ip, &port);
    if (err)
        return err;
    if (ip_addr_isany(&ip))
        ip_addr_set_loopback(!IP_IS_V4(&ip), &ip);
    if (!ds->raw) {
        if (IP_IS_V4(&ip) && ip_addr_isany(&ds->udp->local_ip))
            IP_SET_TYPE_VAL(ds->udp->local_ip, IPADDR_TYPE_V4);
        err = derr(udp_connect(ds->udp, &ip, port));
        if (err)
            return err;
    }
    ip_addr_copy(ds->peer, ip);
    if (!ds->ping)
        ds->peer_port = port;
    ds->connected = 1;
    ds->bound = 1;
    return 0;
}

static long d_sendmsg(struct sock *s, struct msg *m, int flags)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    ip_addr_t ip;
    uint16_t port;
    size_t len = msg_left(m);
    int err;
    if (m->name && m->namelen) {
        if ((err = inaddr_decode(s->family, m->name, m->namelen, &ip, &port)))
            return err;
        if (ip_addr_isany(&ip))
            ip_addr_set_loopback(!IP_IS_V4(&ip), &ip);
    } else if (ds->connected) {
        if (s->err) {
            int e = s->err;
            s->err = 0;
            return -e;
        }
        ip = ds->peer;
        port = ds->peer_port;
    } else {
        return -EDESTADDRREQ;
    }
    if (s->shut & SOCK_SND_SHUT)
        return sock_epipe(flags);
    if (len > UDP_MAX)
        return -EMSGSIZE;
    if (s->family == AF_INET6 && ds->v6only && IP_IS_V4(&ip))
        return -ENETUNREACH;
    struct pbuf *p = pbuf_alloc(ds->raw ? PBUF_IP : PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
    if (!p)
        return -ENOBUFS;
    if (msg_copy_in(m, p->payload, len)) {
        pbuf_free(p);
        return -EFAULT;
    }
    if (ds->raw) {
        if (ds->ping && len >= 8) {
            /* Linux ping sockets put their own identifier in and checksum */
            uint8_t *icmp = p->payload;
            uint16_t id = lwip_htons(ds->peer_port ? ds->peer_port : 0x4b49);
            if (!ds->peer_port)
                ds->peer_port = 0x4b49;
            memcpy(icmp + 4, &id, 2);
            icmp[2] = icmp[3] = 0;
            if (IP_IS_V4(&ip)) {
                uint16_t c = inet_chksum(icmp, (u16_t)len);
                memcpy(icmp + 2, &c, 2);
            }
        }
        err = derr(raw_sendto(ds->rpcb, p, &ip));
    } else {
        if (!ds->bound && s->family == AF_INET6 && IP_IS_V4(&ip))
            IP_SET_TYPE_VAL(ds->udp->local_ip, IPADDR_TYPE_V4);
        err = derr(udp_sendto(ds->udp, p, &ip, port));
        ds->bound = 1;
    }
    pbuf_free(p);
    net_flush();
    return err ? err : (long)len;
}

static long d_recvmsg(struct sock *s, struct msg *m, int flags)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    while (list_empty(&ds->rxq)) {
        if (s->err) {
            int e = s->err;
            s->err = 0;
            return -e;
        }
        if (s->shut & SOCK_RCV_SHUT)
            return 0;
        if (flags & MSG_DONTWAIT)
            return -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return err;
    }
    struct dgram *d = list_entry(ds->rxq.next, struct dgram, link);
    size_t want = msg_left(m), n = d->p->tot_len;
    if (n > want) {
        m->flags |= MSG_TRUNC;
        n = want;
    }
    for (struct pbuf *q = d->p; q && n; q = q->next) {
        size_t k = q->len < n ? q->len : n;
        if (msg_copy_out(m, q->payload, k))
            return -EFAULT;
        n -= k;
    }
    long ret = (flags & MSG_TRUNC) ? d->p->tot_len : (long)(want < d->p->tot_len ? want : d->p->tot_len);
    if (m->name)
        m->namelen = inaddr_encode(s->family, &d->addr, d->port, m->name);
    if (!(flags & MSG_PEEK)) {
        list_del(&d->link);
        ds->rx_bytes -= d->p->tot_len;
        pbuf_free(d->p);
        kfree(d);
    }
    return ret;
}

static int d_shutdown(struct sock *s, int how)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    if (!ds->connected)
        return -ENOTCONN;
    if (how == SHUT_RD || how == SHUT_RDWR)
        s->shut |= SOCK_RCV_SHUT;
    if (how == SHUT_WR || how == SHUT_RDWR)
        s->shut |= SOCK_SND_SHUT;
    sock_wake(s);
    return 0;
}

static int d_getname(struct sock *s, void *addr, int peer)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    if (peer) {
        if (!ds->connected)
            return -ENOTCONN;
        return inaddr_encode(s->family, &ds->peer, ds->ping ? 0 : ds->peer_port, addr);
    }
    if (ds->raw)
        return inaddr_encode(s->family, &ds->rpcb->local_ip, ds->ping ? ds->peer_port : 0, addr);
    return inaddr_encode(s->family, &ds->udp->local_ip, ds->udp->local_port, addr);
}

static unsigned d_poll(struct sock *s)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    unsigned m = POLLOUT | POLLWRNORM;
    if (!list_empty(&ds->rxq))
        m |= POLLIN | POLLRDNORM;
    if (s->err)
        m |= POLLERR;
    if (s->shut & SOCK_RCV_SHUT)
        m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if ((s->shut & (SOCK_RCV_SHUT | SOCK_SND_SHUT)) == (SOCK_RCV_SHUT | SOCK_SND_SHUT))
        m |= POLLHUP;
    return m;
}

static long d_ioctl(struct sock *s, unsigned cmd, uint64_t arg)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    int v = 0;
    if (cmd == FIONREAD) {
        if (!list_empty(&ds->rxq))
            v = list_entry(ds->rxq.next, struct dgram, link)->p->tot_len;
    } else if (cmd != SIOCOUTQ) {
        return -ENOTTY;
    }
    return copy_to_user((void *)arg, &v, sizeof(v));
}

static int d_setopt(struct sock *s, int level, int name, const void *val, int len)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    if (level == IPPROTO_UDP)
        return -ENOPROTOOPT;
    return inet_setopt(s, level, name, val, len, ds->pcb, &ds->v6only, ds->bound);
}

static int d_getopt(struct sock *s, int level, int name, void *val, int *len)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    return inet_getopt(s, level, name, val, len, ds->pcb, ds->v6only);
}

static void d_sync(struct sock *s)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    if (ds->raw)
        return;
    if (s->opts & SOCKOPT_REUSEADDR)
        ip_set_option(ds->udp, SOF_REUSEADDR);
    else
        ip_reset_option(ds->udp, SOF_REUSEADDR);
    if (s->opts & SOCKOPT_BROADCAST)
        ip_set_option(ds->udp, SOF_BROADCAST);
    else
        ip_reset_option(ds->udp, SOF_BROADCAST);
}

static void d_release(struct sock *s)
{
    struct dgram_sock *ds = (struct dgram_sock *)s;
    if (ds->raw)
        raw_remove(ds->rpcb);
    else
        udp_remove(ds->udp);
    list_del(&ds->all);
    while (!list_empty(&ds->rxq)) {
        struct dgram *d = list_entry(ds->rxq.next, struct dgram, link);
        list_del(&d->link);
        pbuf_free(d->p);
        kfree(d);
    }
    kfree(ds);
}

static const struct sock_ops dgram_ops = {
    .bind = d_bind,
    .connect = d_connect,
    .sendmsg = d_sendmsg,
    .recvmsg = d_recvmsg,
    .shutdown = d_shutdown,
    .getname = d_getname,
    .poll = d_poll,
    .ioctl = d_ioctl,
    .setopt = d_setopt,
    .getopt = d_getopt,
    .sync_opts = d_sync,
    .release = d_release,
};

static struct dgram_sock *d_alloc(int family, int type, int protocol)
{
    struct dgram_sock *ds = kzalloc(sizeof(*ds));
    if (!ds)
        return 0;
    sock_init(&ds->s, &dgram_ops, family, type, protocol);
    list_init(&ds->rxq);
    list_init(&ds->all);
    return ds;
}

int udp_sock_create(int family, struct sock **out)
{
    struct dgram_sock *ds = d_alloc(family, SOCK_DGRAM, IPPROTO_UDP);
    if (!ds)
        return -ENOMEM;
    ds->udp = udp_new_ip_type(family == AF_INET ? IPADDR_TYPE_V4 : IPADDR_TYPE_ANY);
    if (!ds->udp) {
        kfree(ds);
        return -ENOMEM;
    }
    udp_recv(ds->udp, on_udp, ds);
    list_add_tail(&udp_socks, &ds->all);
    if (!icmp_watch && (icmp_watch = raw_new(IP_PROTO_ICMP)))
        raw_recv(icmp_watch, on_icmp_err, 0);
    *out = &ds->s;
    return 0;
}

int raw_sock_create(int family, int type, int protocol, struct sock **out)
{
    int want = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
    if (protocol != want)
        return type == SOCK_DGRAM ? -EPROTONOSUPPORT : -EPROTONOSUPPORT;
    struct dgram_sock *ds = d_alloc(family, type, protocol);
    if (!ds)
        return -ENOMEM;
    ds->raw = 1;
    ds->ping = type == SOCK_DGRAM;
    ds->rpcb = raw_new_ip_type(family == AF_INET ? IPADDR_TYPE_V4 : IPADDR_TYPE_V6, protocol);
    if (!ds->rpcb) {
        kfree(ds);
        return -ENOMEM;
    }
    raw_recv(ds->rpcb, on_raw, ds);
    if (!ds->ping)
        list_add_tail(&raw_socks, &ds->all);
    *out = &ds->s;
    return 0;
}

void dgram_walk(int raw, void (*fn)(void *ctx, const struct dgram_info *d), void *ctx)
{
    struct list *head = raw ? &raw_socks : &udp_socks, *it;
    list_for_each(it, head)
    {
        struct dgram_sock *ds = list_entry(it, struct dgram_sock, all);
        struct dgram_info d = {.s = &ds->s, .rxq = ds->rx_bytes};
        if (raw) {
            d.local = &ds->rpcb->local_ip;
            d.lport = ds->s.protocol;
            if (ds->connected)
                d.remote = &ds->peer;
        } else {
            if (!ds->udp->local_port)
                continue; /* never bound: Linux has not hashed it */
            d.local = &ds->udp->local_ip;
            d.lport = ds->udp->local_port;
            if (ds->connected) {
                d.remote = &ds->udp->remote_ip;
                d.rport = ds->udp->remote_port;
            }
        }
        fn(ctx, &d);
    }
}
