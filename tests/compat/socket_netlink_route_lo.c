/* socket_netlink_route_lo: NETLINK_ROUTE as the C libraries and tools use
 * it, seen through the loopback interface: getifaddrs() and if_nameindex()
 * (both read netlink dumps in glibc and musl), then raw RTM_GETLINK and
 * RTM_GETADDR dumps parsed by hand (lo's type, flags, MTU, addresses,
 * prefix lengths, scopes), NLMSG_DONE, sequence numbers and port ids,
 * datagram boundaries and MSG_TRUNC/MSG_PEEK, a single RTM_GETLINK with
 * NLM_F_ACK, errors as NLMSG_ERROR (unknown type, unknown index, no name),
 * the socket calls' errors (other protocols, stream type, shutdown), and
 * ENOBUFS once unread replies overrun SO_RCVBUF. */
#include "common.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* Linux's <linux/netlink.h> and <linux/rtnetlink.h>, which musl lacks */
struct nlh {
    unsigned len;
    unsigned short type, flags;
    unsigned seq, pid;
};
struct snl {
    unsigned short family, pad;
    unsigned pid, groups;
};
struct ifi {
    unsigned char family, pad;
    unsigned short type;
    int index;
    unsigned flags, change;
};
struct ifa {
    unsigned char family, prefixlen, flags, scope;
    unsigned index;
};
#define A4(n) (((n) + 3u) & ~3u)

static unsigned my_pid;
static unsigned seqno = 100;

static void request(int fd, int type, int flags, const void *body, unsigned blen)
{
    char buf[256];
    struct nlh h = {sizeof(h) + blen, type, flags, ++seqno, 0};
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), body, blen);
    struct snl to = {AF_NETLINK, 0, 0, 0};
    if (sendto(fd, buf, h.len, 0, (struct sockaddr *)&to, sizeof(to)) != (long)h.len)
        printf("sendto: %s\n", strerror(errno));
}

static void hex(const unsigned char *p, int n)
{
    for (int i = 0; i < n; i++)
        printf("%s%02x", i ? ":" : "", p[i]);
}

/* The attribute at p (before end): its value, length and type, or NULL
 * when none is left or it does not fit. */
static const unsigned char *attr(const unsigned char *p, const unsigned char *end,
                                 unsigned short *len, unsigned short *type)
{
    if (p + 4 > end)
        return NULL;
    memcpy(len, p, 2);
    memcpy(type, p + 2, 2);
    return *len < 4 || p + *len > end ? NULL : p + 4;
}

static void link_attrs(const struct nlh *h)
{
    const struct ifi *i = (const void *)(h + 1);
    printf("  NEWLINK flags %#x ifi_type %d ifi_flags %#x\n", h->flags, i->type, i->flags);
    const unsigned char *p = (const unsigned char *)(i + 1),
                        *end = (const unsigned char *)h + h->len;
    unsigned short len, type;
    const unsigned char *v;
    for (; (v = attr(p, end, &len, &type)); p += A4(len)) {
        unsigned u;
        memcpy(&u, v, len >= 8 ? 4 : 0);
        switch (type) {
        case 3:
            printf("  IFLA_IFNAME %s\n", v);
            break;
        case 4:
            printf("  IFLA_MTU %u\n", u);
            break;
        case 13:
            printf("  IFLA_TXQLEN %u\n", u);
            break;
        case 16:
            printf("  IFLA_OPERSTATE %u\n", v[0]);
            break;
        case 33:
            printf("  IFLA_CARRIER %u\n", v[0]);
            break;
        case 6:
            printf("  IFLA_QDISC %s\n", v);
            break;
        case 1:
            printf("  IFLA_ADDRESS ");
            hex(v, len - 4);
            printf("\n");
            break;
        case 2:
            printf("  IFLA_BROADCAST ");
            hex(v, len - 4);
            printf("\n");
            break;
        case 7:
            printf("  IFLA_STATS present\n");
            break;
        case 23:
            printf("  IFLA_STATS64 present\n");
            break;
        }
    }
}

static void addr_attrs(const struct nlh *h)
{
    const struct ifa *a = (const void *)(h + 1);
    char txt[64];
    printf("  NEWADDR flags %#x family %d prefixlen %d ifa_flags %#x scope %d\n", h->flags,
           a->family, a->prefixlen, a->flags, a->scope);
    const unsigned char *p = (const unsigned char *)(a + 1),
                        *end = (const unsigned char *)h + h->len;
    unsigned short len, type;
    const unsigned char *v;
    for (; (v = attr(p, end, &len, &type)); p += A4(len)) {
        unsigned ci[4];
        switch (type) {
        case 1:
        case 2:
        case 4:
            inet_ntop(a->family, v, txt, sizeof(txt));
            printf("  %s %s\n",
                   type == 1   ? "IFA_ADDRESS"
                   : type == 2 ? "IFA_LOCAL"
                               : "IFA_BROADCAST",
                   txt);
            break;
        case 3:
            printf("  IFA_LABEL %s\n", v);
            break;
        case 8:
            printf("  IFA_FLAGS %#x\n", *(const unsigned *)v);
            break;
        case 6:
            memcpy(ci, v, 16);
            printf("  IFA_CACHEINFO preferred %#x valid %#x\n", ci[0], ci[1]);
            break;
        }
    }
}

/* Read replies until NLMSG_DONE or NLMSG_ERROR; print lo's messages. */
static void read_replies(int fd, int lo_index)
{
    static char buf[65536];
    int others = 0, datagrams = 0;
    for (;;) {
        struct snl from;
        socklen_t flen = sizeof(from);
        long n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
        if (n < 0) {
            printf("recvfrom: %s\n", strerror(errno));
            return;
        }
        datagrams++;
        if (flen != sizeof(from) || from.family != AF_NETLINK || from.pid || from.groups)
            printf("bad sender: len %d family %d pid %u\n", flen, from.family, from.pid);
        for (long off = 0; off + 16 <= n;) {
            struct nlh *h = (void *)(buf + off);
            if (h->len < 16 || off + h->len > n) {
                printf("bad message length %u\n", h->len);
                return;
            }
            if (h->seq != seqno || h->pid != my_pid)
                printf("seq/pid not echoed: %u %u\n", h->seq, h->pid);
            if (h->type == 3) {
                printf("  NLMSG_DONE len %u flags %#x value %d; %s datagram, others %s\n", h->len,
                       h->flags, *(int *)(h + 1), off ? "in the same" : "own",
                       others ? "yes" : "no");
                return;
            }
            if (h->type == 2) {
                int err = *(int *)(h + 1);
                struct nlh *orig = (struct nlh *)((int *)(h + 1) + 1);
                printf(
                    "  NLMSG_ERROR %d (%s) len %u flags %#x, of type %d seq ok %d; datagrams %d\n",
                    err, err ? strerror(-err) : "ack", h->len, h->flags, orig->type,
                    orig->seq == seqno, datagrams);
                return;
            }
            int index = h->type == 16 ? ((struct ifi *)(h + 1))->index
                                      : (int)((struct ifa *)(h + 1))->index;
            if (index != lo_index)
                others = 1;
            else if (h->type == 16)
                link_attrs(h);
            else if (h->type == 20)
                addr_attrs(h);
            else
                printf("  type %d\n", h->type);
            off += A4(h->len);
        }
        if (datagrams > 100)
            return;
    }
}

static void show_libc(void)
{
    struct ifaddrs *list, *i;
    char txt[64];
    if (getifaddrs(&list)) {
        printf("getifaddrs: %s\n", strerror(errno));
        return;
    }
    for (i = list; i; i = i->ifa_next) {
        if (strcmp(i->ifa_name, "lo"))
            continue;
        int fam = i->ifa_addr ? i->ifa_addr->sa_family : -1;
        printf("getifaddrs lo family %d flags %#x", fam, i->ifa_flags);
        if (fam == AF_PACKET) {
            struct sockaddr_ll *l = (void *)i->ifa_addr;
            printf(" hatype %d halen %d addr ", l->sll_hatype, l->sll_halen);
            hex(l->sll_addr, l->sll_halen);
            printf(" stats %s", i->ifa_data ? "yes" : "no");
        } else if (fam == AF_INET || fam == AF_INET6) {
            const void *a = fam == AF_INET
                                ? (void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
                                : (void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
            const void *m = fam == AF_INET
                                ? (void *)&((struct sockaddr_in *)i->ifa_netmask)->sin_addr
                                : (void *)&((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr;
            printf(" addr %s", inet_ntop(fam, a, txt, sizeof(txt)));
            printf(" netmask %s", inet_ntop(fam, m, txt, sizeof(txt)));
            printf(" broadaddr %s", i->ifa_broadaddr ? "yes" : "no");
        }
        printf("\n");
    }
    freeifaddrs(list);
    struct if_nameindex *ni = if_nameindex(), *j;
    if (!ni) {
        printf("if_nameindex: %s\n", strerror(errno));
        return;
    }
    for (j = ni; j->if_index; j++)
        if (!strcmp(j->if_name, "lo"))
            printf("if_nameindex lo index %u\n", j->if_index);
    if_freenameindex(ni);
    char name[IF_NAMESIZE];
    printf("if_nametoindex lo %u, if_indextoname 1 %s\n", if_nametoindex("lo"),
           if_indextoname(1, name) ? name : strerror(errno));
}

int main(void)
{
    show_libc();

    SHOW(socket(AF_NETLINK, SOCK_STREAM, 0));
    SHOW(socket(AF_NETLINK, SOCK_RAW, 3));
    SHOW(socket(AF_NETLINK, SOCK_RAW, 99));
    int fd = OK(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0));
    struct snl me = {AF_NETLINK, 0, 0, 0};
    socklen_t len = sizeof(me);
    OK(getsockname(fd, (struct sockaddr *)&me, &len));
    printf("unbound: len %d family %d pid %u\n", len, me.family, me.pid);
    SHOW(bind(fd, (struct sockaddr *)&me, 4));
    SHOW(bind(fd, (struct sockaddr *)&me, sizeof(me)));
    len = sizeof(me);
    OK(getsockname(fd, (struct sockaddr *)&me, &len));
    printf("bound: family %d pid is getpid %d\n", me.family, me.pid == (unsigned)getpid());
    my_pid = me.pid;
    struct pollfd pfd = {fd, POLLIN, 0};
    int ready = poll(&pfd, 1, 0);
    printf("poll before a request: %d revents %#x\n", ready, pfd.revents);

    int lo = if_nametoindex("lo");
    struct ifi ifi = {0};
    printf("RTM_GETLINK dump\n");
    request(fd, 18, 1 | 0x300, &ifi, sizeof(ifi));
    ready = poll(&pfd, 1, 0);
    printf("poll after it: %d revents %#x\n", ready, pfd.revents);
    read_replies(fd, lo);

    struct ifa ifa = {0};
    printf("RTM_GETADDR dump, AF_UNSPEC (rtgenmsg only)\n");
    request(fd, 22, 1 | 0x300, &ifa, 1);
    read_replies(fd, lo);
    printf("RTM_GETADDR dump, AF_INET6\n");
    ifa.family = AF_INET6;
    request(fd, 22, 1 | 0x300, &ifa, sizeof(ifa));
    read_replies(fd, lo);
    printf("RTM_GETADDR dump, AF_INET\n");
    ifa.family = AF_INET;
    request(fd, 22, 1 | 0x300, &ifa, sizeof(ifa));
    read_replies(fd, lo);

    printf("RTM_GETLINK index lo, NLM_F_ACK\n");
    ifi.index = lo;
    request(fd, 18, 1 | 4, &ifi, sizeof(ifi));
    read_replies(fd, lo);
    printf("RTM_GETLINK unknown index\n");
    ifi.index = 99999;
    request(fd, 18, 1, &ifi, sizeof(ifi));
    read_replies(fd, lo);
    printf("RTM_GETLINK without index or name\n");
    ifi.index = 0;
    request(fd, 18, 1, &ifi, sizeof(ifi));
    read_replies(fd, lo);
    printf("type 1000\n");
    request(fd, 1000, 1, &ifi, sizeof(ifi));
    read_replies(fd, lo);
    printf("not a request: no answer\n");
    request(fd, 18, 0x300, &ifi, sizeof(ifi));
    SHOW(recv(fd, &ifi, sizeof(ifi), MSG_DONTWAIT));

    printf("small buffer\n");
    request(fd, 18, 1 | 0x300, &ifi, sizeof(ifi));
    char small[32];
    struct iovec iov = {small, sizeof(small)};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    long n = recvmsg(fd, &m, MSG_PEEK | MSG_TRUNC);
    printf("peek, MSG_TRUNC: more than 32 %d, msg_flags %#x\n", n > 32, m.msg_flags);
    m.msg_flags = 0;
    SHOW(recvmsg(fd, &m, 0));
    printf("msg_flags %#x type %d\n", m.msg_flags, ((struct nlh *)small)->type);
    read_replies(fd, lo);
    SHOW(recv(fd, small, sizeof(small), MSG_DONTWAIT));
    SHOW(shutdown(fd, SHUT_RD));

    printf("300 unread errors: the receive buffer overruns\n");
    for (int i = 0; i < 300; i++)
        request(fd, 1000, 1, &ifi, sizeof(ifi));
    pfd.revents = 0;
    ready = poll(&pfd, 1, 0);
    printf("poll: %d revents %#x\n", ready, pfd.revents);
    SHOW(recv(fd, small, sizeof(small), MSG_DONTWAIT));
    int got = 0;
    while (recv(fd, small, sizeof(small), MSG_DONTWAIT | MSG_TRUNC) > 0)
        got++;
    printf("then %d replies, errno %d\n", got, errno);
    SHOW(close(fd));
    return 0;
}
