/* net/proc_net.c: the text of /proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix,
 * dev,route,if_inet6}, in the formats of Linux's net/ipv4/tcp_ipv4.c,
 * udp.c, raw.c, net/ipv6/, net/unix/af_unix.c, net/core/net-procfs.c and
 * net/ipv4/fib_trie.c.
 *
 * TCP comes from lwIP's PCB lists (listeners first, then connections and
 * TIME_WAIT, as Linux walks its listening then established hashes); UDP,
 * raw and AF_UNIX sockets from the protocol files' own lists.  Fields Linux
 * fills from state lwIP does not keep (kernel pointers, reference counts,
 * delayed-ACK timers) are printed as an unprivileged reader sees them or
 * as their usual values.  Text is made only when a file is opened.
 */
#include "net/proc_net.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "net/net.h"
#include "net/socket.h"
#include "net/tcp.h"
#include "vfs/vfs.h"

#define KPTR "0000000000000000" /* %pK as a reader without CAP_SYSLOG sees it */
#define TCP4_WIDTH 149          /* /proc/net/tcp lines are padded to this */
#define UDP4_WIDTH 127          /* /proc/net/udp and route lines */

/* Linux's seq_pad: spaces up to width characters after start, then '\n'. */
static void pad_line(struct textbuf *o, size_t start, size_t width)
{
    while (o->len - start < width) {
        if (o->len < o->cap)
            o->buf[o->len] = ' ';
        o->len++;
    }
    textbuf_put(o, "\n");
}

uint64_t sock_ino(const struct sock *s)
{
    return s && s->file && s->file->inode ? s->file->inode->ino : 0;
}

uint32_t sock_uid(const struct sock *s)
{
    return s && s->file && s->file->inode ? s->file->inode->uid : 0;
}

/* ---- addresses as /proc/net prints them: the network-order words as
 * host-order hex, IPv4 in an IPv6 table as ::ffff:a.b.c.d ---- */

static void put_addr4(struct textbuf *o, const ip_addr_t *a, uint16_t port)
{
    uint32_t v = a && IP_IS_V4(a) ? ip4_addr_get_u32(ip_2_ip4(a)) : 0;
    textbuf_put(o, "%08X:%04X", v, port);
}

static void put_addr6(struct textbuf *o, const ip_addr_t *a, uint16_t port)
{
    uint32_t w[4] = {0, 0, 0, 0};
    if (a && IP_IS_V4(a)) {
        if (ip4_addr_get_u32(ip_2_ip4(a))) { /* 0.0.0.0 stays :: */
            w[2] = lwip_htonl(0xffff);
            w[3] = ip4_addr_get_u32(ip_2_ip4(a));
        }
    } else if (a && IP_IS_V6(a)) {
        memcpy(w, ip_2_ip6(a)->addr, sizeof(w));
    }
    textbuf_put(o, "%08X%08X%08X%08X:%04X", w[0], w[1], w[2], w[3], port);
}

static void put_addr(struct textbuf *o, int v6, const ip_addr_t *a, uint16_t port)
{
    if (v6)
        put_addr6(o, a, port);
    else
        put_addr4(o, a, port);
}

/* ---- TCP ---- */

static const char tcp4_head[] = "  sl  local_address rem_address   st tx_queue rx_queue tr "
                                "tm->when retrnsmt   uid  timeout inode";
static const char tcp6_head[] = "  sl  local_address                         remote_address"
                                "                        st tx_queue rx_queue tr tm->when "
                                "retrnsmt   uid  timeout inode\n";

/* Linux's TCP state numbers, indexed by lwIP's enum tcp_state. */
static const uint8_t tcp_state_linux[] = {
    [CLOSED] = 7,     [LISTEN] = 10,     [SYN_SENT] = 2,   [SYN_RCVD] = 3,
    [ESTABLISHED] = 1, [FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5, [CLOSE_WAIT] = 8,
    [CLOSING] = 11,   [LAST_ACK] = 9,    [TIME_WAIT] = 6,
};

/* lwIP slow-timer ticks as clock ticks (USER_HZ = 100). */
static long ticks_to_clock(long ticks)
{
    return ticks * TCP_SLOW_INTERVAL / 10;
}

/* Is this connection shown in the v6 table?  The socket's family decides;
 * a pcb the program closed keeps a mark of it. */
static int tcp_is_v6(const struct tcp_sock *ts, u8_t so_options)
{
    return ts ? ts->s.family == AF_INET6 : (so_options & SOF_KILN_INET6) != 0;
}

struct tcp_walk {
    struct textbuf *o;
    int v6, num;
};

static void tcp_listener(struct tcp_walk *w, struct tcp_pcb_listen *l)
{
    struct tcp_sock *ts = l->callback_arg;
    if (tcp_is_v6(ts, l->so_options) != w->v6)
        return;
    size_t start = w->o->len;
    textbuf_put(w->o, "%4d: ", w->num++);
    put_addr(w->o, w->v6, &l->local_ip, l->local_port);
    textbuf_put(w->o, " ");
    put_addr(w->o, w->v6, 0, 0);
    textbuf_put(w->o, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %s %lu %lu %u %u %d", 10, 0,
                ts ? ts->nacc : 0, 0, 0ul, 0, sock_uid(ts ? &ts->s : 0), 0,
                (unsigned long)sock_ino(ts ? &ts->s : 0), 1, KPTR, 100ul, 0ul, 0, 10, 0);
    if (w->v6)
        textbuf_put(w->o, "\n");
    else
        pad_line(w->o, start, TCP4_WIDTH);
}

static void tcp_conn(struct tcp_walk *w, struct tcp_pcb *pcb)
{
    /* a SYN_RCVD pcb still carries its listener's argument */
    struct tcp_sock *ts = pcb->state == SYN_RCVD ? 0 : pcb->callback_arg;
    struct tcp_sock *owner = pcb->callback_arg;
    if (tcp_is_v6(pcb->state == SYN_RCVD ? owner : ts, pcb->so_options) != w->v6)
        return;
    size_t start = w->o->len;
    textbuf_put(w->o, "%4d: ", w->num++);
    put_addr(w->o, w->v6, &pcb->local_ip, pcb->local_port);
    textbuf_put(w->o, " ");
    put_addr(w->o, w->v6, &pcb->remote_ip, pcb->remote_port);
    if (pcb->state == TIME_WAIT) {
        long left = (long)(2 * TCP_MSL / TCP_SLOW_INTERVAL) - (long)(tcp_ticks - pcb->tmr);
        textbuf_put(w->o, " %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %s", 6, 0, 0, 3,
                    (unsigned long)ticks_to_clock(left > 0 ? left : 0), 0, 0, 0, 0, 1, KPTR);
    } else if (pcb->state == SYN_RCVD) {
        textbuf_put(w->o, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %s", 3, 0, 0, 1,
                    (unsigned long)ticks_to_clock(pcb->rto), pcb->nrtx,
                    sock_uid(owner ? &owner->s : 0), 0, 0u, 0, KPTR);
    } else {
        int timer = pcb->unacked ? 1 : 0;
        long when = timer ? ticks_to_clock(pcb->rtime >= 0 && pcb->rto > pcb->rtime
                                               ? pcb->rto - pcb->rtime
                                               : 0)
                          : 0;
        unsigned mss = pcb->mss ? pcb->mss : 536;
        int ssthresh = pcb->ssthresh >= TCP_SND_BUF ? -1 : (int)(pcb->ssthresh / mss);
        textbuf_put(w->o, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %s %lu %lu %u %u %d",
                    tcp_state_linux[pcb->state], (uint32_t)(pcb->snd_lbb - pcb->lastack),
                    ts ? (uint32_t)ts->rx_len : 0, timer, (unsigned long)when, pcb->nrtx,
                    sock_uid(ts ? &ts->s : 0), 0, (unsigned long)sock_ino(ts ? &ts->s : 0),
                    ts && ts->s.file ? 2 : 1, KPTR, (unsigned long)ticks_to_clock(pcb->rto), 0ul, 0,
                    (unsigned)(pcb->cwnd / mss), ssthresh);
    }
    if (w->v6)
        textbuf_put(w->o, "\n");
    else
        pad_line(w->o, start, TCP4_WIDTH);
}

static size_t tcp_table(int v6, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    struct tcp_walk w = {&o, v6, 0};
    net_flush(); /* what loopback has in flight, as Linux would have delivered it */
    if (v6) {
        textbuf_put(&o, "%s", tcp6_head);
    } else {
        textbuf_put(&o, "%s", tcp4_head);
        pad_line(&o, 0, TCP4_WIDTH);
    }
    for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l; l = l->next)
        tcp_listener(&w, l);
    for (struct tcp_pcb *pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
        tcp_conn(&w, pcb);
    for (struct tcp_pcb *pcb = tcp_tw_pcbs; pcb; pcb = pcb->next)
        tcp_conn(&w, pcb);
    return o.len;
}

size_t proc_net_tcp(struct process *p, struct task *t, char *buf, size_t cap)
{
    return tcp_table(0, buf, cap);
}

size_t proc_net_tcp6(struct process *p, struct task *t, char *buf, size_t cap)
{
    return tcp_table(1, buf, cap);
}

/* ---- UDP and raw ---- */

static const char dgram4_head[] = "  sl  local_address rem_address   st tx_queue rx_queue tr "
                                  "tm->when retrnsmt   uid  timeout inode ref pointer drops";
static const char dgram6_head[] = "  sl  local_address                         remote_address"
                                  "                        st tx_queue rx_queue tr tm->when "
                                  "retrnsmt   uid  timeout inode ref pointer drops\n";

struct dgram_walk {
    struct textbuf *o;
    int v6, raw;
};

static void dgram_line(void *ctx, const struct dgram_info *d)
{
    struct dgram_walk *w = ctx;
    if ((d->s->family == AF_INET6) != w->v6)
        return;
    size_t start = w->o->len;
    /* the slot of Linux's hash table: the port (UDP, 128 slots here) or
     * the protocol (raw, 256 slots) */
    int bucket = w->raw ? d->lport & 255 : d->lport & 127;
    textbuf_put(w->o, w->raw ? "%4d: " : "%5d: ", bucket);
    put_addr(w->o, w->v6, d->local, d->lport);
    textbuf_put(w->o, " ");
    put_addr(w->o, w->v6, d->remote, d->remote ? d->rport : 0);
    textbuf_put(w->o, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %s %u", d->remote ? 1 : 7, 0,
                (uint32_t)d->rxq, 0, 0ul, 0, sock_uid(d->s), 0, (unsigned long)sock_ino(d->s), 2,
                KPTR, 0u);
    if (w->v6 || w->raw)
        textbuf_put(w->o, "\n");
    else
        pad_line(w->o, start, UDP4_WIDTH);
}

static size_t dgram_table(int v6, int raw, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    struct dgram_walk w = {&o, v6, raw};
    net_flush();
    if (v6) {
        textbuf_put(&o, "%s", dgram6_head);
    } else if (raw) {
        textbuf_put(&o, "%s\n", dgram4_head);
    } else {
        textbuf_put(&o, " %s", dgram4_head);
        pad_line(&o, 0, UDP4_WIDTH);
    }
    dgram_walk(raw, dgram_line, &w);
    return o.len;
}

size_t proc_net_udp(struct process *p, struct task *t, char *buf, size_t cap)
{
    return dgram_table(0, 0, buf, cap);
}

size_t proc_net_udp6(struct process *p, struct task *t, char *buf, size_t cap)
{
    return dgram_table(1, 0, buf, cap);
}

size_t proc_net_raw(struct process *p, struct task *t, char *buf, size_t cap)
{
    return dgram_table(0, 1, buf, cap);
}

size_t proc_net_raw6(struct process *p, struct task *t, char *buf, size_t cap)
{
    return dgram_table(1, 1, buf, cap);
}

/* ---- AF_UNIX ---- */

#define SO_ACCEPTCON 0x10000
enum { SS_UNCONNECTED = 1, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING };

static void unix_line(void *ctx, const struct unix_info *u)
{
    struct textbuf *o = ctx;
    int state = u->s->file ? (u->connected ? SS_CONNECTED : SS_UNCONNECTED)
                           : (u->connected ? SS_CONNECTING : SS_DISCONNECTING);
    textbuf_put(o, "%s: %08X %08X %08X %04X %02X %5lu", KPTR, u->connected ? 3 : 2, 0,
                u->listening ? SO_ACCEPTCON : 0, u->s->type, state, (unsigned long)sock_ino(u->s));
    if (u->addrlen > 2) {
        textbuf_put(o, " ");
        if (u->addr[2]) { /* a path, as bound */
            textbuf_put(o, "%.*s", u->addrlen - 2, (const char *)u->addr + 2);
        } else { /* abstract: '@', then the name with its NULs as '@' */
            for (int i = 2; i < u->addrlen; i++) {
                char c = i == 2 || !u->addr[i] ? '@' : (char)u->addr[i];
                textbuf_put(o, "%c", c);
            }
        }
    }
    textbuf_put(o, "\n");
}

size_t proc_net_unix(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    textbuf_put(&o, "Num       RefCount Protocol Flags    Type St Inode Path\n");
    unix_walk(unix_line, &o);
    return o.len;
}

/* ---- interfaces ---- */

/* kiln's two interfaces: lwIP's loopback is "lo", the NIC "eth0" */
const char *netif_linux_name(struct netif *n)
{
    return n->name[0] == 'l' && n->name[1] == 'o' ? "lo" : "eth0";
}

int netifs_by_index(struct netif **n, int max)
{
    struct netif *it;
    int k = 0;
    NETIF_FOREACH(it)
    {
        if (k == max)
            break;
        int j = k++;
        for (; j > 0 && netif_get_index(n[j - 1]) > netif_get_index(it); j--)
            n[j] = n[j - 1];
        n[j] = it;
    }
    return k;
}

size_t proc_net_dev(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    struct netif *all[8];
    int count = netifs_by_index(all, 8);
    textbuf_put(&o, "Inter-|   Receive                                                |  Transmit\n"
                    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    "
                    "packets errs drop fifo colls carrier compressed\n");
    for (int i = 0; i < count; i++) {
        struct netif *n = all[i];
        struct net_dev_stats st;
        net_dev_stats(n != netif_get_by_index(1), &st);
        textbuf_put(&o,
                    "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu %4llu %4llu "
                    "%4llu %5llu %7llu %10llu\n",
                    netif_linux_name(n), (unsigned long long)st.rx_bytes, (unsigned long long)st.rx_packets,
                    0ull, 0ull, 0ull, 0ull, 0ull, 0ull, (unsigned long long)st.tx_bytes,
                    (unsigned long long)st.tx_packets, 0ull, 0ull, 0ull, 0ull, 0ull, 0ull);
    }
    return o.len;
}

#define RTF_UP 0x1
#define RTF_GATEWAY 0x2

static void route_line(struct textbuf *o, const char *dev, uint32_t dst, uint32_t gw, int flags,
                       uint32_t mask)
{
    size_t start = o->len;
    textbuf_put(o, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u", dev, dst, gw, flags, 0, 0u,
                0, mask, 0, 0u, 0u);
    pad_line(o, start, UDP4_WIDTH);
}

size_t proc_net_route(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    textbuf_put(
        &o, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
    pad_line(&o, 0, UDP4_WIDTH);
    /* the main table: the NIC's default route and its network (the
     * loopback's routes live in Linux's local table, not shown here) */
    struct netif *n = net_nic();
    if (n && netif_is_up(n) && ip4_addr_get_u32(netif_ip4_addr(n))) {
        uint32_t ip = ip4_addr_get_u32(netif_ip4_addr(n));
        uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(n));
        uint32_t gw = ip4_addr_get_u32(netif_ip4_gw(n));
        if (gw)
            route_line(&o, netif_linux_name(n), 0, gw, RTF_UP | RTF_GATEWAY, 0);
        route_line(&o, netif_linux_name(n), ip & mask, 0, RTF_UP, mask);
    }
    return o.len;
}

#define IFA_F_NODAD 0x02
#define IFA_F_TENTATIVE 0x40
#define IFA_F_PERMANENT 0x80

size_t proc_net_if_inet6(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    struct netif *all[8];
    int count = netifs_by_index(all, 8);
    for (int j = 0; j < count; j++) {
        struct netif *n = all[j];
        int lo = n == netif_get_by_index(1);
        for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
            u8_t st = netif_ip6_addr_state(n, i);
            if (!ip6_addr_isvalid(st) && !ip6_addr_istentative(st))
                continue;
            const ip6_addr_t *a = netif_ip6_addr(n, i);
            const uint8_t *b = (const uint8_t *)a->addr;
            for (int k = 0; k < 16; k++)
                textbuf_put(&o, "%02x", b[k]);
            int scope = ip6_addr_isloopback(a) ? 0x10 : ip6_addr_islinklocal(a) ? 0x20
                                                       : ip6_addr_issitelocal(a)  ? 0x40
                                                                                  : 0;
            /* as netlink's ifa_flags (net/netlink.c): lwIP's lifetime 0
             * is a static address, usable at once ("nodad") unless it is
             * the loopback's or link-local; SLAAC's are dynamic */
            int flags = 0;
            if (!netif_ip6_addr_valid_life(n, i))
                flags = IFA_F_PERMANENT | (lo || scope == 0x20 ? 0 : IFA_F_NODAD);
            if (ip6_addr_istentative(st))
                flags |= IFA_F_TENTATIVE;
            textbuf_put(&o, " %02x %02x %02x %02x %8s\n", netif_get_index(n),
                        ip6_addr_isloopback(a) ? 128 : 64, scope, flags, netif_linux_name(n));
        }
    }
    return o.len;
}
