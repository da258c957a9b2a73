/* net/netlink.c: AF_NETLINK sockets of protocol NETLINK_ROUTE, read-only:
 * the dumps getifaddrs(), if_nameindex(), `ip addr/link/route` and Go's
 * net.Interfaces() ask for (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE), from
 * lwIP's interface list, as Linux's net/core/rtnetlink.c,
 * net/ipv4/devinet.c, net/ipv6/addrconf.c and fib_trie.c write them.
 *
 * A request is answered when it is sent: the replies (whole netlink
 * messages) wait in the socket's queue.  A recv takes one datagram: as
 * many whole messages as fit in Linux's dump buffer (at least one page's
 * worth, or the largest buffer this socket's reader has offered, up to
 * 32 KiB); a reader whose buffer is smaller gets MSG_TRUNC and the rest of
 * that datagram is lost, as on Linux.  Requests that would change state
 * (RTM_NEW*, RTM_DEL*, RTM_SET*) get NLMSG_ERROR -EPERM, what Linux answers
 * a process without CAP_NET_ADMIN: kiln's network configuration comes from
 * the command line only.  Other netlink protocols: -EPROTONOSUPPORT.
 */
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/list.h"
#include "lib/string.h"
#include "lwip/netif.h"
#include "mm/mm.h"
#include "net/net.h"
#include "net/proc_net.h"
#include "net/socket.h"
#include "vfs/poll.h"

#define NETLINK_ROUTE 0
#define SOL_NETLINK 270
#define NETLINK_CAP_ACK 10
#define NETLINK_GET_STRICT_CHK 12

#define NLMSG_NOOP 1
#define NLMSG_ERROR 2
#define NLMSG_DONE 3
#define NLMSG_MIN_TYPE 16
#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI 0x2
#define NLM_F_ACK 0x4
#define NLM_F_DUMP 0x300
#define NLM_F_CAPPED 0x100

#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define RTM_NEWADDR 20
#define RTM_GETADDR 22
#define RTM_NEWROUTE 24
#define RTM_GETROUTE 26
#define RTM_MAX 0x77 /* Linux 6.x: RTM_GETTUNNEL's block and below */

#define IFLA_ADDRESS 1
#define IFLA_BROADCAST 2
#define IFLA_IFNAME 3
#define IFLA_MTU 4
#define IFLA_QDISC 6
#define IFLA_STATS 7
#define IFLA_TXQLEN 13
#define IFLA_OPERSTATE 16
#define IFLA_LINKMODE 17
#define IFLA_STATS64 23
#define IFLA_GROUP 27
#define IFLA_NUM_TX_QUEUES 31
#define IFLA_NUM_RX_QUEUES 32
#define IFLA_CARRIER 33
#define IFLA_MIN_MTU 50
#define IFLA_MAX_MTU 51

#define IFA_ADDRESS 1
#define IFA_LOCAL 2
#define IFA_LABEL 3
#define IFA_BROADCAST 4
#define IFA_CACHEINFO 6
#define IFA_FLAGS 8
#define IFA_F_NODAD 0x02
#define IFA_F_TENTATIVE 0x40
#define IFA_F_PERMANENT 0x80

#define RTA_DST 1
#define RTA_OIF 4
#define RTA_GATEWAY 5
#define RTA_PRIORITY 6
#define RTA_PREFSRC 7
#define RTA_TABLE 15
#define RTA_PREF 20
#define RT_TABLE_MAIN 254
#define RTPROT_KERNEL 2
#define RTPROT_BOOT 3
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_SITE 200
#define RT_SCOPE_LINK 253
#define RT_SCOPE_HOST 254
#define RTN_UNICAST 1

#define IFF_LOWER_UP 0x10000
#define IF_OPER_UNKNOWN 0
#define IF_OPER_DOWN 2
#define IF_OPER_UP 6
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

#define NL_GOODSIZE 3776  /* NLMSG_GOODSIZE with 4 KiB pages */
#define NL_MAXDGRAM 32448 /* SKB_WITH_OVERHEAD(32768) */
/* what Linux charges a socket's receive buffer for a message of n bytes
 * (sk_buff and shared info around its data): 256 small ones fill 212992 */
#define TRUESIZE(n) ((((n) + 63) & ~(size_t)63) + 768)
#define NL_MAXREQ 65536 /* requests beyond this: -EMSGSIZE */

struct nlmsghdr {
    uint32_t len;
    uint16_t type, flags;
    uint32_t seq, pid;
};

struct sockaddr_nl {
    uint16_t family, pad;
    uint32_t pid, groups;
};

struct ifinfomsg {
    uint8_t family, pad;
    uint16_t type;
    int32_t index;
    uint32_t flags, change;
};

struct ifaddrmsg {
    uint8_t family, prefixlen, flags, scope;
    uint32_t index;
};

struct rtmsg {
    uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
    uint32_t flags;
};

#define ALIGN4(n) (((n) + 3u) & ~3u)
/* the attribute writers: one call per attribute costs more than the work
 * where ring 0 is emulated */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* Replies waiting to be read: whole messages, consumed from off; cut is
 * the end of the datagram the next recv returns (0: not cut yet).  Two
 * replies never share a datagram: as on Linux, a dump's entries, its
 * NLMSG_DONE, a single answer and an acknowledgement come apart. */
struct reply {
    struct list link;
    size_t len, off, cut, cap;
    uint8_t *buf;
};

struct nl_sock {
    struct sock s;
    struct list link; /* all netlink sockets, for port ids */
    int32_t portid;   /* 0: not bound yet */
    uint32_t groups;
    int cap_ack, strict;
    size_t max_recv; /* the largest buffer a reader offered */
    struct list replies;
    size_t queued; /* what replies cost, counted as Linux's skb truesize */
};

static struct list nl_socks = LIST_INIT(nl_socks);

/* ---- building messages ---- */

/* Replies being built (r: the current one, NULL until a message starts
 * it); err is set (-ENOMEM) once an allocation failed. */
struct out {
    struct nl_sock *ns;
    struct reply *r;
    size_t msg; /* offset of the message being built */
    int err;
    uint32_t seq, pid;
};

/* Make room for n more bytes in the current reply (started if there is
 * none): 0, or -ENOMEM (kept in o->err). */
static __attribute__((noinline)) int out_grow(struct out *o, size_t n)
{
    if (o->err)
        return o->err;
    if (!o->r && !(o->r = kzalloc(sizeof(*o->r))))
        return o->err = -ENOMEM;
    struct reply *r = o->r;
    if (r->len + n <= r->cap)
        return 0;
    size_t cap = r->cap ? r->cap * 2 : 1024;
    while (cap < r->len + n)
        cap *= 2;
    uint8_t *b = kmalloc(cap);
    if (!b)
        return o->err = -ENOMEM;
    if (r->len)
        memcpy(b, r->buf, r->len);
    kfree(r->buf);
    r->buf = b;
    r->cap = cap;
    return 0;
}

/* n bytes at the end of the current reply, padded to 4 (the padding
 * zeroed, the rest for the caller to fill); NULL once out of memory. */
static inline void *out_room(struct out *o, size_t n)
{
    size_t step = ALIGN4(n);
    if ((!o->r || o->r->len + step > o->r->cap || o->err) && out_grow(o, step))
        return 0;
    uint8_t *p = o->r->buf + o->r->len;
    if (step != n)
        *(uint32_t *)(p + step - 4) = 0;
    o->r->len += step;
    return p;
}

/* Start a message with a fixed header of hlen bytes (returned). */
static void *msg_start(struct out *o, int type, int flags, size_t hlen)
{
    struct nlmsghdr *h = out_room(o, sizeof(*h) + hlen);
    if (!h)
        return 0;
    memset(h, 0, sizeof(*h) + hlen);
    o->msg = (uint8_t *)h - o->r->buf;
    h->type = type;
    h->flags = flags;
    h->seq = o->seq;
    h->pid = o->pid;
    return h + 1;
}

/* The current reply is complete: queue it for reading.  A reader that
 * lets SO_RCVBUF's worth wait loses what comes next and reads ENOBUFS
 * once, as Linux's netlink_overrun. */
static void out_push(struct out *o)
{
    struct reply *r = o->r;
    struct nl_sock *ns = o->ns;
    if (!r)
        return;
    o->r = 0;
    if (o->err || ns->queued >= (size_t)ns->s.rcvbuf) {
        if (!o->err)
            ns->s.err = ENOBUFS;
        kfree(r->buf);
        kfree(r);
        return;
    }
    list_add_tail(&ns->replies, &r->link);
    ns->queued += TRUESIZE(r->len);
}

static void msg_end(struct out *o)
{
    if (o->err)
        return;
    struct nlmsghdr *h = (struct nlmsghdr *)(o->r->buf + o->msg);
    h->len = o->r->len - o->msg;
}

/* Room for an attribute of len bytes (its header written): the value's
 * place, or NULL once out of memory. */
ALWAYS_INLINE void *attr_put(struct out *o, int type, size_t len)
{
    uint16_t *a = out_room(o, 4 + len);
    if (!a)
        return 0;
    a[0] = 4 + len;
    a[1] = type;
    return a + 2;
}

static void attr(struct out *o, int type, const void *val, size_t len)
{
    void *p = attr_put(o, type, len);
    if (p)
        memcpy(p, val, len);
}

ALWAYS_INLINE void attr_u32(struct out *o, int type, uint32_t v)
{
    uint32_t *p = attr_put(o, type, 4);
    if (p)
        *p = v;
}

ALWAYS_INLINE void attr_u8(struct out *o, int type, uint8_t v)
{
    uint8_t *p = attr_put(o, type, 1);
    if (p)
        *p = v;
}

static void attr_str(struct out *o, int type, const char *s)
{
    attr(o, type, s, strlen(s) + 1);
}

/* ---- the interfaces ---- */

static int is_lo(struct netif *n)
{
    return n->name[0] == 'l' && n->name[1] == 'o';
}

static void link_msg(struct out *o, struct netif *n, int flags)
{
    int lo = is_lo(n);
    struct ifinfomsg *ifi = msg_start(o, RTM_NEWLINK, flags, sizeof(*ifi));
    if (!ifi)
        return;
    ifi->type = lo ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
    ifi->index = netif_get_index(n);
    ifi->flags = netif_linux_flags(n);
    if (ifi->flags & 0x40 /* IFF_RUNNING */)
        ifi->flags |= IFF_LOWER_UP;
    int up = (ifi->flags & IFF_LOWER_UP) != 0;
    attr_str(o, IFLA_IFNAME, netif_linux_name(n));
    attr_u32(o, IFLA_TXQLEN, 1000);
    attr_u8(o, IFLA_OPERSTATE, lo ? IF_OPER_UNKNOWN : up ? IF_OPER_UP : IF_OPER_DOWN);
    attr_u8(o, IFLA_LINKMODE, 0);
    attr_u32(o, IFLA_MTU, netif_linux_mtu(n));
    attr_u32(o, IFLA_MIN_MTU, lo ? 0 : 68);
    attr_u32(o, IFLA_MAX_MTU, lo ? 0 : 65535);
    attr_u32(o, IFLA_GROUP, 0);
    attr_u32(o, IFLA_NUM_TX_QUEUES, 1);
    attr_u32(o, IFLA_NUM_RX_QUEUES, 1);
    attr_u8(o, IFLA_CARRIER, up);
    static const uint8_t zero[6], ones[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    attr(o, IFLA_ADDRESS, lo ? zero : n->hwaddr, 6);
    attr(o, IFLA_BROADCAST, lo ? zero : ones, 6);
    struct net_dev_stats st;
    net_dev_stats(!lo, &st);
    /* rtnl_link_stats64 (25 counters in Linux 6.x), then rtnl_link_stats
     * (24): rx_packets, tx_packets, rx_bytes, tx_bytes first */
    uint64_t *s64 = attr_put(o, IFLA_STATS64, 25 * 8);
    if (s64) {
        memset(s64, 0, 25 * 8);
        s64[0] = st.rx_packets, s64[1] = st.tx_packets, s64[2] = st.rx_bytes, s64[3] = st.tx_bytes;
    }
    uint32_t *s32 = attr_put(o, IFLA_STATS, 24 * 4);
    if (s32) {
        memset(s32, 0, 24 * 4);
        s32[0] = st.rx_packets, s32[1] = st.tx_packets, s32[2] = st.rx_bytes, s32[3] = st.tx_bytes;
    }
    attr_str(o, IFLA_QDISC, lo ? "noqueue" : "pfifo_fast");
    msg_end(o);
}

/* Linux's ifa_cacheinfo: the preferred and valid lifetimes in seconds
 * (0xffffffff: forever), then creation and update times in hundredths of
 * a second since boot (kiln's addresses count as made at boot). */
static void cacheinfo(struct out *o, uint32_t pref, uint32_t valid)
{
    uint32_t ci[4] = {pref, valid, 0, 0};
    attr(o, IFA_CACHEINFO, ci, sizeof(ci));
}

static void addr4_msg(struct out *o, struct netif *n)
{
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(n));
    uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(n));
    if (!a)
        return;
    struct ifaddrmsg *ifa = msg_start(o, RTM_NEWADDR, NLM_F_MULTI, sizeof(*ifa));
    if (!ifa)
        return;
    ifa->family = AF_INET;
    ifa->prefixlen = __builtin_popcount(mask);
    ifa->flags = IFA_F_PERMANENT;
    ifa->scope = is_lo(n) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
    ifa->index = netif_get_index(n);
    attr_u32(o, IFA_ADDRESS, a);
    attr_u32(o, IFA_LOCAL, a);
    if (!is_lo(n))
        attr_u32(o, IFA_BROADCAST, a | ~mask);
    attr_str(o, IFA_LABEL, netif_linux_name(n));
    attr_u32(o, IFA_FLAGS, IFA_F_PERMANENT);
    cacheinfo(o, 0xffffffff, 0xffffffff);
    msg_end(o);
}

static void addr6_msgs(struct out *o, struct netif *n)
{
    for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
        u8_t st = netif_ip6_addr_state(n, i);
        if (!ip6_addr_isvalid(st) && !ip6_addr_istentative(st))
            continue;
        const ip6_addr_t *a = netif_ip6_addr(n, i);
        struct ifaddrmsg *ifa = msg_start(o, RTM_NEWADDR, NLM_F_MULTI, sizeof(*ifa));
        if (!ifa)
            return;
        /* lwIP's lifetime 0 marks a static address (::1, link-local,
         * kiln.ip6=, which is usable at once: Linux's "nodad"); SLAAC's
         * addresses are dynamic, with their lifetimes */
        uint32_t valid = netif_ip6_addr_valid_life(n, i), pref = netif_ip6_addr_pref_life(n, i);
        uint32_t flags = 0;
        if (!valid) {
            flags = IFA_F_PERMANENT;
            if (!is_lo(n) && !ip6_addr_islinklocal(a))
                flags |= IFA_F_NODAD;
            valid = pref = 0xffffffff;
        }
        if (ip6_addr_istentative(st))
            flags |= IFA_F_TENTATIVE;
        ifa->family = AF_INET6;
        ifa->prefixlen = ip6_addr_isloopback(a) ? 128 : 64;
        ifa->flags = flags;
        ifa->scope = ip6_addr_isloopback(a)    ? RT_SCOPE_HOST
                     : ip6_addr_islinklocal(a) ? RT_SCOPE_LINK
                     : ip6_addr_issitelocal(a) ? RT_SCOPE_SITE
                                               : RT_SCOPE_UNIVERSE;
        ifa->index = netif_get_index(n);
        attr(o, IFA_ADDRESS, a->addr, 16);
        cacheinfo(o, pref, valid);
        attr_u32(o, IFA_FLAGS, flags);
        msg_end(o);
    }
}

static void route4(struct out *o, struct netif *n, uint32_t dst, int len, uint32_t gw)
{
    struct rtmsg *rt = msg_start(o, RTM_NEWROUTE, NLM_F_MULTI, sizeof(*rt));
    if (!rt)
        return;
    rt->family = AF_INET;
    rt->dst_len = len;
    rt->table = RT_TABLE_MAIN;
    rt->protocol = gw ? RTPROT_BOOT : RTPROT_KERNEL;
    rt->scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    rt->type = RTN_UNICAST;
    attr_u32(o, RTA_TABLE, RT_TABLE_MAIN);
    if (len)
        attr_u32(o, RTA_DST, dst);
    if (!gw)
        attr_u32(o, RTA_PREFSRC, ip4_addr_get_u32(netif_ip4_addr(n)));
    else
        attr_u32(o, RTA_GATEWAY, gw);
    attr_u32(o, RTA_OIF, netif_get_index(n));
    msg_end(o);
}

/* An IPv6 route of the main table: a connected one (gw NULL), or the
 * default route through gw that kiln.gw6= gave. */
static void route6(struct out *o, struct netif *n, const void *dst, int len, const void *gw)
{
    struct rtmsg *rt = msg_start(o, RTM_NEWROUTE, NLM_F_MULTI, sizeof(*rt));
    if (!rt)
        return;
    rt->family = AF_INET6;
    rt->dst_len = len;
    rt->table = RT_TABLE_MAIN;
    rt->protocol = gw ? RTPROT_BOOT : RTPROT_KERNEL;
    rt->scope = RT_SCOPE_UNIVERSE;
    rt->type = RTN_UNICAST;
    attr_u32(o, RTA_TABLE, RT_TABLE_MAIN);
    if (len)
        attr(o, RTA_DST, dst, 16);
    attr_u32(o, RTA_PRIORITY, gw ? 1024 : 256);
    if (gw)
        attr(o, RTA_GATEWAY, gw, 16);
    attr_u32(o, RTA_OIF, netif_get_index(n));
    attr_u8(o, RTA_PREF, 0);
    msg_end(o);
}

/* The main table as /proc/net/route shows it (the NIC's default route
 * and network), then IPv6's connected routes (::1, the NIC's /64s) and
 * the default route of kiln.gw6= (not routers learnt from advertisements). */
static void routes(struct out *o, struct netif **all, int count, int family)
{
    struct netif *n = net_nic();
    if (family != AF_INET6 && n && netif_is_up(n) && ip4_addr_get_u32(netif_ip4_addr(n))) {
        uint32_t ip = ip4_addr_get_u32(netif_ip4_addr(n));
        uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(n));
        uint32_t gw = ip4_addr_get_u32(netif_ip4_gw(n));
        if (gw)
            route4(o, n, 0, 0, gw);
        route4(o, n, ip & mask, __builtin_popcount(mask), 0);
    }
    if (family == AF_INET)
        return;
    for (int j = 0; j < count; j++) {
        for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
            if (!ip6_addr_isvalid(netif_ip6_addr_state(all[j], i)))
                continue;
            const ip6_addr_t *a = netif_ip6_addr(all[j], i);
            uint32_t net[4];
            memcpy(net, a->addr, 16);
            if (!ip6_addr_isloopback(a))
                net[2] = net[3] = 0;
            route6(o, all[j], net, ip6_addr_isloopback(a) ? 128 : 64, 0);
        }
    }
    const ip6_addr_t *gw6 = n ? net_ip6_gateway(n, 0) : 0;
    if (gw6)
        route6(o, n, 0, 0, gw6->addr);
}

/* ---- requests ---- */

static void error_msg(struct nl_sock *ns, struct out *o, const struct nlmsghdr *req, int err)
{
    size_t copy = err && !ns->cap_ack ? req->len : sizeof(*req);
    int32_t *e = msg_start(o, NLMSG_ERROR, err && !ns->cap_ack ? 0 : NLM_F_CAPPED, 4 + copy);
    if (!e)
        return;
    *e = err;
    memcpy(e + 1, req, copy);
    msg_end(o);
}

static struct netif *link_by_name(const char *name, size_t len)
{
    struct netif *n;
    NETIF_FOREACH(n)
    {
        const char *s = netif_linux_name(n);
        if (strlen(s) + 1 == len && !memcmp(s, name, len))
            return n;
        if (strlen(s) == len && !memcmp(s, name, len)) /* no NUL given */
            return n;
    }
    return 0;
}

/* RTM_GETLINK without NLM_F_DUMP: one interface, by ifi_index or by
 * IFLA_IFNAME. */
static int get_link(struct out *o, const struct nlmsghdr *h)
{
    size_t plen = h->len - sizeof(*h);
    const uint8_t *p = (const uint8_t *)(h + 1);
    struct ifinfomsg ifi;
    struct netif *n = 0;
    if (plen < sizeof(ifi))
        return -EINVAL;
    memcpy(&ifi, p, sizeof(ifi));
    if (ifi.index > 0) {
        n = ifi.index < 256 ? netif_get_by_index(ifi.index) : 0;
    } else {
        size_t off = sizeof(ifi);
        int named = 0;
        while (off + 4 <= plen) {
            uint16_t alen, atype;
            memcpy(&alen, p + off, 2);
            memcpy(&atype, p + off + 2, 2);
            if (alen < 4 || off + alen > plen)
                break;
            if ((atype & 0x3fff) == IFLA_IFNAME) {
                if (alen - 4 > 16)
                    return -EINVAL;
                named = 1;
                n = link_by_name((const char *)p + off + 4, alen - 4);
            }
            off += ALIGN4(alen);
        }
        if (!named)
            return -EINVAL;
    }
    if (!n)
        return -ENODEV;
    link_msg(o, n, 0);
    return o->err;
}

/* A dump of type: the messages, then NLMSG_DONE: in a datagram of its own
 * after links, all addresses, IPv4 addresses and routes (Linux 6.10's
 * RTNL_FLAG_DUMP_SPLIT_NLM_DONE), with the last entries for IPv6's. */
static int dump(struct nl_sock *ns, struct out *o, const struct nlmsghdr *h)
{
    size_t plen = h->len - sizeof(*h);
    const uint8_t *p = (const uint8_t *)(h + 1);
    int family = p[0];
    struct netif *all[8];
    int count = netifs_by_index(all, 8);
    switch (h->type) {
    case RTM_GETLINK:
        for (int i = 0; i < count; i++)
            link_msg(o, all[i], NLM_F_MULTI);
        break;
    case RTM_GETADDR: {
        uint32_t index = 0; /* strict checking: the request's ifa_index */
        if (ns->strict && plen >= sizeof(struct ifaddrmsg))
            memcpy(&index, p + 4, 4);
        if (family != AF_INET6)
            for (int i = 0; i < count; i++)
                if (!index || index == netif_get_index(all[i]))
                    addr4_msg(o, all[i]);
        if (family != AF_INET)
            for (int i = 0; i < count; i++)
                if (!index || index == netif_get_index(all[i]))
                    addr6_msgs(o, all[i]);
        break;
    }
    case RTM_GETROUTE:
        routes(o, all, count, family);
        break;
    default:
        break; /* neighbours, rules, qdiscs...: kiln has none to show */
    }
    if (family != AF_INET6 || (h->type != RTM_GETADDR && h->type != RTM_GETROUTE))
        out_push(o);
    int32_t *done = msg_start(o, NLMSG_DONE, NLM_F_MULTI, 4);
    if (done)
        *done = 0;
    msg_end(o);
    return o->err;
}

/* One request (rtnetlink_rcv_msg): 0, or the -errno for NLMSG_ERROR; *answered
 * is set when a dump was written (no acknowledgement follows it). */
static int request(struct nl_sock *ns, struct out *o, const struct nlmsghdr *h, int *answered)
{
    int type = h->type;
    if (type > RTM_MAX)
        return -EOPNOTSUPP;
    if (h->len - sizeof(*h) < 1) /* Linux ignores an empty rtgenmsg */
        return 0;
    int kind = (type - RTM_NEWLINK) & 3;
    if (kind != 2)
        return -EPERM; /* no CAP_NET_ADMIN over kiln's configuration */
    if (h->flags & NLM_F_DUMP) {
        *answered = 1;
        return dump(ns, o, h);
    }
    if (type == RTM_GETLINK)
        return get_link(o, h);
    return -EOPNOTSUPP;
}

/* Answer every message of a request buffer (netlink_rcv_skb). */
static int process(struct nl_sock *ns, const uint8_t *buf, size_t len)
{
    struct out o = {.ns = ns, .pid = ns->portid};
    while (len >= sizeof(struct nlmsghdr)) {
        struct nlmsghdr h;
        memcpy(&h, buf, sizeof(h));
        if (h.len < sizeof(h) || h.len > len)
            break;
        const struct nlmsghdr *req = (const struct nlmsghdr *)buf;
        int err = 0, answered = 0;
        o.seq = h.seq;
        if ((h.flags & NLM_F_REQUEST) && h.type >= NLMSG_MIN_TYPE)
            err = request(ns, &o, req, &answered);
        out_push(&o);
        if (o.err)
            break;
        if (!answered && (err || (h.flags & NLM_F_ACK)))
            error_msg(ns, &o, req, err);
        out_push(&o);
        size_t step = ALIGN4(h.len);
        if (step > len)
            step = len;
        buf += step;
        len -= step;
    }
    if (!list_empty(&ns->replies))
        sock_wake(&ns->s);
    return o.err;
}

/* ---- port ids ---- */

static int portid_used(int32_t id)
{
    struct list *it;
    list_for_each(it, &nl_socks)
    {
        if (list_entry(it, struct nl_sock, link)->portid == id)
            return 1;
    }
    return 0;
}

/* netlink_autobind: the process's pid, or -4096, -4097... if taken. */
static void autobind(struct nl_sock *ns)
{
    static int32_t rover = -4096;
    if (ns->portid)
        return;
    int32_t id = current()->proc->pid;
    while (portid_used(id))
        id = rover--;
    ns->portid = id;
}

/* ---- socket operations ---- */

static int nl_addr(const void *addr, int len, struct sockaddr_nl *out)
{
    if (len < (int)sizeof(*out))
        return -EINVAL;
    memcpy(out, addr, sizeof(*out));
    return out->family == AF_NETLINK ? 0 : -EINVAL;
}

static int nl_bind(struct sock *s, const void *addr, int len)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    struct sockaddr_nl a;
    int err = nl_addr(addr, len, &a);
    if (err)
        return err;
    if (ns->portid) {
        if (a.pid && (int32_t)a.pid != ns->portid)
            return -EINVAL;
    } else if (a.pid) {
        if (portid_used((int32_t)a.pid))
            return -EADDRINUSE;
        ns->portid = (int32_t)a.pid;
    } else {
        autobind(ns);
    }
    ns->groups = a.groups; /* accepted; kiln's configuration never changes */
    return 0;
}

static int nl_connect(struct sock *s, const void *addr, int len, int nonblock)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    struct sockaddr_nl a;
    if (len >= 2 && *(const uint16_t *)addr == AF_UNSPEC)
        return 0;
    int err = nl_addr(addr, len, &a);
    if (err)
        return err;
    if (a.pid)
        return -ECONNREFUSED; /* only the kernel answers here */
    autobind(ns);
    return 0;
}

static long nl_sendmsg(struct sock *s, struct msg *m, int flags)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    size_t len = msg_left(m);
    if (m->name && m->namelen) {
        struct sockaddr_nl a;
        int err = nl_addr(m->name, m->namelen, &a);
        if (err)
            return err;
        if (a.groups)
            return -EPERM;
        if (a.pid)
            return -ECONNREFUSED;
    }
    if (len > NL_MAXREQ || len > (size_t)s->sndbuf - 32)
        return -EMSGSIZE;
    autobind(ns);
    uint8_t *buf = kmalloc(len ? len : 1);
    if (!buf)
        return -ENOBUFS;
    long ret = msg_copy_in(m, buf, len) ? -EFAULT : 0;
    if (!ret)
        ret = process(ns, buf, len);
    kfree(buf);
    return ret ? ret : (long)len;
}

/* Cut the next datagram of r: whole messages up to limit (at least one). */
static void cut(struct reply *r, size_t limit)
{
    size_t end = r->off;
    while (end < r->len) {
        uint32_t mlen;
        memcpy(&mlen, r->buf + end, 4);
        size_t step = ALIGN4(mlen);
        if (end > r->off && end - r->off + step > limit)
            break;
        end += step;
    }
    r->cut = end;
}

static long nl_recvmsg(struct sock *s, struct msg *m, int flags)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    uint64_t deadline = sock_deadline(s->rcvtimeo);
    size_t want = msg_left(m);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (want > ns->max_recv)
        ns->max_recv = want < NL_MAXDGRAM ? want : NL_MAXDGRAM;
    if (s->err) {
        int e = s->err;
        s->err = 0;
        return -e;
    }
    while (list_empty(&ns->replies)) {
        if (flags & MSG_DONTWAIT)
            return -EAGAIN;
        int err = sock_wait(s, deadline);
        if (err)
            return err;
    }
    struct reply *r = list_entry(ns->replies.next, struct reply, link);
    if (!r->cut)
        cut(r, ns->max_recv > NL_GOODSIZE ? ns->max_recv : NL_GOODSIZE);
    size_t n = r->cut - r->off, k = n < want ? n : want;
    if (n > want)
        m->flags |= MSG_TRUNC;
    if (msg_copy_out(m, r->buf + r->off, k))
        return -EFAULT;
    if (m->name) {
        struct sockaddr_nl from = {.family = AF_NETLINK};
        memcpy(m->name, &from, sizeof(from));
        m->namelen = sizeof(from);
    }
    if (!(flags & MSG_PEEK)) {
        r->off = r->cut;
        r->cut = 0;
        if (r->off >= r->len) {
            list_del(&r->link);
            ns->queued -= TRUESIZE(r->len);
            kfree(r->buf);
            kfree(r);
        }
    }
    return (flags & MSG_TRUNC) ? (long)n : (long)k;
}

static int nl_shutdown(struct sock *s, int how)
{
    return -EOPNOTSUPP; /* Linux's sock_no_shutdown */
}

static int nl_getname(struct sock *s, void *addr, int peer)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    struct sockaddr_nl a = {.family = AF_NETLINK};
    if (!peer) {
        a.pid = ns->portid;
        a.groups = ns->groups;
    }
    memcpy(addr, &a, sizeof(a));
    return sizeof(a);
}

static unsigned nl_poll(struct sock *s)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    unsigned m = POLLOUT | POLLWRNORM;
    if (!list_empty(&ns->replies))
        m |= POLLIN | POLLRDNORM;
    if (s->err)
        m |= POLLERR;
    return m;
}

static int nl_setopt(struct sock *s, int level, int name, const void *val, int len)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    int v;
    if (level != SOL_NETLINK)
        return -ENOPROTOOPT;
    if (name < 1 || name > 12 || name == 6 || name == 7 || name == 9)
        return -ENOPROTOOPT;
    if (len < (int)sizeof(int))
        return -EINVAL;
    memcpy(&v, val, sizeof(v));
    if (name == NETLINK_CAP_ACK)
        ns->cap_ack = !!v;
    else if (name == NETLINK_GET_STRICT_CHK)
        ns->strict = !!v;
    return 0; /* memberships, EXT_ACK, NO_ENOBUFS...: nothing to do */
}

static int nl_getopt(struct sock *s, int level, int name, void *val, int *len)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    if (level != SOL_NETLINK)
        return -ENOPROTOOPT;
    if (name == NETLINK_CAP_ACK)
        return sockopt_put_int(val, len, ns->cap_ack);
    if (name == NETLINK_GET_STRICT_CHK)
        return sockopt_put_int(val, len, ns->strict);
    if (name >= 3 && name <= 11 && name != 6 && name != 7 && name != 9)
        return sockopt_put_int(val, len, 0);
    return -ENOPROTOOPT;
}

static void nl_release(struct sock *s)
{
    struct nl_sock *ns = (struct nl_sock *)s;
    list_del(&ns->link);
    while (!list_empty(&ns->replies)) {
        struct reply *r = list_entry(ns->replies.next, struct reply, link);
        list_del(&r->link);
        kfree(r->buf);
        kfree(r);
    }
    kfree(ns);
}

static const struct sock_ops netlink_ops = {
    .bind = nl_bind,
    .connect = nl_connect,
    .sendmsg = nl_sendmsg,
    .recvmsg = nl_recvmsg,
    .shutdown = nl_shutdown,
    .getname = nl_getname,
    .poll = nl_poll,
    .setopt = nl_setopt,
    .getopt = nl_getopt,
    .release = nl_release,
};

int netlink_sock_create(int type, int protocol, struct sock **out)
{
    if (type != SOCK_RAW && type != SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    if (protocol != NETLINK_ROUTE)
        return -EPROTONOSUPPORT;
    struct nl_sock *ns = kzalloc(sizeof(*ns));
    if (!ns)
        return -ENOMEM;
    sock_init(&ns->s, &netlink_ops, AF_NETLINK, type, protocol);
    list_init(&ns->replies);
    list_add_tail(&nl_socks, &ns->link);
    *out = &ns->s;
    return 0;
}
