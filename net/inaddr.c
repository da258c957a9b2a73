/* net/inaddr.c: socket address conversion between Linux and lwIP. */
#include "net/inaddr.h"
#include "include/linux/errno.h"
#include "lib/string.h"
#include "lwip/netif.h"
#include "net/socket.h"

struct lx_sockaddr_in {
    uint16_t family, port;
    uint32_t addr;
    uint8_t zero[8];
};

struct lx_sockaddr_in6 {
    uint16_t family, port;
    uint32_t flowinfo;
    uint32_t addr[4];
    uint32_t scope_id;
};

int inaddr_decode(int family, const void *addr, int len, ip_addr_t *ip, uint16_t *port)
{
    uint16_t fam;
    if (len < 2)
        return -EINVAL;
    memcpy(&fam, addr, 2);
    if (family == AF_INET) {
        const struct lx_sockaddr_in *sin = addr;
        if (len < (int)sizeof(*sin))
            return -EINVAL;
        /* Linux accepts AF_UNSPEC with INADDR_ANY for bind, for old programs */
        if (fam != AF_INET && !(fam == AF_UNSPEC && !sin->addr))
            return -EAFNOSUPPORT;
        ip_addr_set_ip4_u32(ip, sin->addr);
        *port = lwip_ntohs(sin->port);
        return 0;
    }
    const struct lx_sockaddr_in6 *sin6 = addr;
    if (len < 24)
        return -EINVAL;
    if (fam != AF_INET6)
        return -EAFNOSUPPORT;
    *port = lwip_ntohs(sin6->port);
    if (!sin6->addr[0] && !sin6->addr[1] && sin6->addr[2] == PP_HTONL(0xffff)) {
        ip_addr_set_ip4_u32(ip, sin6->addr[3]);
        return 0;
    }
    IP_ADDR6(ip, sin6->addr[0], sin6->addr[1], sin6->addr[2], sin6->addr[3]);
    ip6_addr_clear_zone(ip_2_ip6(ip));
    return 0;
}

int inaddr_encode(int family, const ip_addr_t *ip, uint16_t port, void *addr)
{
    if (family == AF_INET) {
        struct lx_sockaddr_in sin = {AF_INET, lwip_htons(port), 0, {0}};
        if (ip && IP_IS_V4(ip))
            sin.addr = ip4_addr_get_u32(ip_2_ip4(ip));
        memcpy(addr, &sin, sizeof(sin));
        return sizeof(sin);
    }
    struct lx_sockaddr_in6 sin6 = {AF_INET6, lwip_htons(port), 0, {0}, 0};
    if (ip && IP_IS_V4(ip) && !ip_addr_isany(ip)) {
        sin6.addr[2] = PP_HTONL(0xffff);
        sin6.addr[3] = ip4_addr_get_u32(ip_2_ip4(ip));
    } else if (ip && IP_IS_V6(ip)) {
        memcpy(sin6.addr, ip_2_ip6(ip)->addr, 16);
    }
    memcpy(addr, &sin6, sizeof(sin6));
    return sizeof(sin6);
}

int inaddr_local(const ip_addr_t *ip)
{
    if (ip_addr_isany(ip))
        return 1;
    if (IP_IS_V4(ip) && ip4_addr_isloopback(ip_2_ip4(ip)))
        return 1;
    struct netif *n;
    NETIF_FOREACH(n)
    {
        if (IP_IS_V4(ip) && ip4_addr_cmp(ip_2_ip4(ip), netif_ip4_addr(n)))
            return 1;
        if (IP_IS_V6(ip) && netif_get_ip6_addr_match(n, ip_2_ip6(ip)) >= 0)
            return 1;
    }
    return 0;
}
