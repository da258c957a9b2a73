/* net/ifreq.c: the SIOCGIF* ioctls: interface names, indexes, addresses,
 * flags and hardware addresses, from lwIP's interface list ("lo" for the
 * loopback, "eth0" for the NIC). */
#include "include/linux/errno.h"
#include "lib/string.h"
#include "lwip/netif.h"
#include "net/proc_net.h"
#include "net/socket.h"
#include "syscall/uaccess.h"

#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCGIFADDR 0x8915
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define SIOCGIFTXQLEN 0x8942

#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

struct lx_ifreq {
    char name[16];
    union {
        struct {
            uint16_t family;
            uint8_t data[14];
        } addr;
        int ival;
        uint16_t flags;
        uint8_t pad[24];
    };
};

static void if_name(struct netif *n, char *buf)
{
    memset(buf, 0, 16);
    if (n->name[0] == 'l' && n->name[1] == 'o')
        memcpy(buf, "lo", 2);
    else
        memcpy(buf, "eth0", 4);
}

static struct netif *if_find(const char *name)
{
    struct netif *n;
    char buf[16];
    NETIF_FOREACH(n)
    {
        if_name(n, buf);
        if (!strncmp(buf, name, 16))
            return n;
    }
    return 0;
}

unsigned netif_linux_flags(struct netif *n)
{
    int lo = n->name[0] == 'l' && n->name[1] == 'o';
    unsigned f = 0;
    if (netif_is_up(n))
        f |= IFF_UP | (netif_is_link_up(n) || lo ? IFF_RUNNING : 0);
    return f | (lo ? IFF_LOOPBACK : IFF_BROADCAST | IFF_MULTICAST);
}

int netif_linux_mtu(struct netif *n)
{
    return n->name[0] == 'l' && n->name[1] == 'o' ? 65536 : n->mtu;
}

static void put_in(struct lx_ifreq *r, uint32_t a)
{
    memset(&r->addr, 0, sizeof(r->addr));
    r->addr.family = AF_INET;
    memcpy(r->addr.data + 2, &a, 4);
}

static long if_conf(uint64_t arg)
{
    struct {
        int32_t len, pad;
        uint64_t buf;
    } ic;
    if (copy_from_user(&ic, (void *)arg, sizeof(ic)))
        return -EFAULT;
    int used = 0;
    struct netif *n;
    NETIF_FOREACH(n)
    {
        if (!ip4_addr_get_u32(netif_ip4_addr(n)))
            continue;
        if (ic.buf) {
            if (used + (int)sizeof(struct lx_ifreq) > ic.len)
                break;
            struct lx_ifreq r;
            memset(&r, 0, sizeof(r));
            if_name(n, r.name);
            put_in(&r, ip4_addr_get_u32(netif_ip4_addr(n)));
            if (copy_to_user((void *)(ic.buf + used), &r, sizeof(r)))
                return -EFAULT;
        }
        used += sizeof(struct lx_ifreq);
    }
    ic.len = used;
    return copy_to_user((void *)arg, &ic, 4);
}

long netif_ioctl(unsigned cmd, uint64_t arg)
{
    struct lx_ifreq r;
    struct netif *n;
    if (cmd == SIOCGIFCONF)
        return if_conf(arg);
    if (cmd != SIOCGIFNAME && cmd != SIOCGIFFLAGS && cmd != SIOCGIFADDR &&
        cmd != SIOCGIFNETMASK && cmd != SIOCGIFBRDADDR && cmd != SIOCGIFMTU &&
        cmd != SIOCGIFHWADDR && cmd != SIOCGIFINDEX && cmd != SIOCGIFTXQLEN)
        return -ENOTTY;
    if (copy_from_user(&r, (void *)arg, sizeof(r)))
        return -EFAULT;
    if (cmd == SIOCGIFNAME) {
        n = netif_get_by_index((u8_t)r.ival);
        if (r.ival <= 0 || r.ival > 255 || !n)
            return -ENODEV;
        if_name(n, r.name);
        return copy_to_user((void *)arg, &r, sizeof(r));
    }
    r.name[15] = 0;
    n = if_find(r.name);
    if (!n)
        return -ENODEV;
    int lo = n->name[0] == 'l' && n->name[1] == 'o';
    switch (cmd) {
    case SIOCGIFFLAGS:
        r.flags = netif_linux_flags(n);
        break;
    case SIOCGIFADDR:
        if (!ip4_addr_get_u32(netif_ip4_addr(n)))
            return -EADDRNOTAVAIL;
        put_in(&r, ip4_addr_get_u32(netif_ip4_addr(n)));
        break;
    case SIOCGIFNETMASK:
        if (!ip4_addr_get_u32(netif_ip4_addr(n)))
            return -EADDRNOTAVAIL;
        put_in(&r, ip4_addr_get_u32(netif_ip4_netmask(n)));
        break;
    case SIOCGIFBRDADDR:
        if (!ip4_addr_get_u32(netif_ip4_addr(n)))
            return -EADDRNOTAVAIL;
        put_in(&r, lo ? 0 : (ip4_addr_get_u32(netif_ip4_addr(n)) |
                             ~ip4_addr_get_u32(netif_ip4_netmask(n))));
        break;
    case SIOCGIFMTU:
        r.ival = netif_linux_mtu(n);
        break;
    case SIOCGIFHWADDR:
        memset(&r.addr, 0, sizeof(r.addr));
        r.addr.family = lo ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
        if (!lo)
            memcpy(r.addr.data, n->hwaddr, 6);
        break;
    case SIOCGIFINDEX:
        r.ival = netif_get_index(n);
        break;
    case SIOCGIFTXQLEN:
        r.ival = 1000; /* as netlink's IFLA_TXQLEN; Linux's default */
        break;
    }
    return copy_to_user((void *)arg, &r, sizeof(r));
}
