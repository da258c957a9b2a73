/* net/nic_csum.c: checksum offload between lwIP and the NIC (see nic_csum.h). */
#include "net/nic_csum.h"
#include "drivers/netdev.h"
#include "lib/string.h"
#include "lwip/inet_chksum.h"
#include "lwip/prot/ethernet.h"
#include "lwip/prot/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/ip6.h"
#include "lwip/prot/tcp.h"

#define TCP_CSUM_OFF 16 /* offsetof(struct tcp_hdr, chksum) */

u16_t nic_csum_flags(unsigned offload, int csum_ok)
{
    u16_t f = NETIF_CHECKSUM_ENABLE_ALL;

    if (offload & NETDEV_TX_CSUM)
        f &= ~NETIF_CHECKSUM_GEN_TCP;
    if ((offload & NETDEV_RX_CSUM) && csum_ok)
        f &= ~(NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP);
    return f;
}

void nic_csum_tx(struct pbuf *p, unsigned *start, unsigned *off)
{
    const u8_t *f = p->payload;
    unsigned l4;
    u16_t len, sum;

    *start = 0;
    if (p->len < SIZEOF_ETH_HDR + IP_HLEN)
        return;
    u16_t type = (u16_t)(f[12] << 8 | f[13]);
    if (type == ETHTYPE_IP) {
        const struct ip_hdr *ip = (const struct ip_hdr *)(f + SIZEOF_ETH_HDR);
        ip4_addr_t src, dst;
        if (IPH_PROTO(ip) != IP_PROTO_TCP || (IPH_OFFSET(ip) & PP_HTONS(IP_OFFMASK | IP_MF)))
            return;
        l4 = SIZEOF_ETH_HDR + IPH_HL_BYTES(ip);
        len = (u16_t)(lwip_ntohs(IPH_LEN(ip)) - IPH_HL_BYTES(ip));
        ip4_addr_copy(src, ip->src);
        ip4_addr_copy(dst, ip->dest);
        sum = (u16_t)~inet_chksum_pseudo_partial(p, IP_PROTO_TCP, len, 0, &src, &dst);
    } else if (type == ETHTYPE_IPV6 && p->len >= SIZEOF_ETH_HDR + IP6_HLEN) {
        const struct ip6_hdr *ip = (const struct ip6_hdr *)(f + SIZEOF_ETH_HDR);
        ip6_addr_t src, dst;
        if (IP6H_NEXTH(ip) != IP6_NEXTH_TCP)
            return;
        l4 = SIZEOF_ETH_HDR + IP6_HLEN;
        len = IP6H_PLEN(ip);
        ip6_addr_copy_from_packed(src, ip->src);
        ip6_addr_copy_from_packed(dst, ip->dest);
        sum = (u16_t)~ip6_chksum_pseudo_partial(p, IP6_NEXTH_TCP, len, 0, &src, &dst);
    } else {
        return;
    }
    if (pbuf_take_at(p, &sum, sizeof(sum), (u16_t)(l4 + TCP_CSUM_OFF)) != ERR_OK)
        return; /* shorter than a TCP header: not lwIP's */
    *start = l4;
    *off = TCP_CSUM_OFF;
}
