/* host/vmm/net_csum.c: Internet checksums of Ethernet frames (see net_csum.h). */
#include "host/vmm/net_csum.h"
#include <errno.h>

#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define PROTO_TCP 6
#define PROTO_UDP 17

static uint32_t be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

/* The one's complement sum of p[0..n) added to sum, not yet folded. */
static uint64_t sum_bytes(const uint8_t *p, size_t n, uint64_t sum)
{
    for (; n >= 2; p += 2, n -= 2)
        sum += be16(p);
    if (n)
        sum += (uint32_t)p[0] << 8;
    return sum;
}

static uint16_t fold(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}

int net_csum_finish(uint8_t *frame, size_t len, size_t start, size_t off)
{
    if (start > len || off > len - start || len - start - off < 2)
        return -EINVAL;
    uint16_t c = (uint16_t)~fold(sum_bytes(frame + start, len - start, 0));
    frame[start + off] = (uint8_t)(c >> 8);
    frame[start + off + 1] = (uint8_t)c;
    return 0;
}

/* Is the TCP or UDP segment l4[0..n) right, given the pseudo-header's sum? */
static int l4_valid(int proto, const uint8_t *l4, size_t n, uint64_t pseudo, int v4)
{
    if (proto == PROTO_TCP) {
        if (n < 20)
            return 0;
    } else if (proto == PROTO_UDP) {
        if (n < 8 || be16(l4 + 4) != n)
            return 0;
        if (v4 && be16(l4 + 6) == 0)
            return 1; /* no checksum: nothing for the guest to check either */
    } else {
        return 0;
    }
    return fold(sum_bytes(l4, n, pseudo + proto + n)) == 0xffff;
}

int net_csum_valid(const uint8_t *frame, size_t len)
{
    if (len < ETH_HLEN)
        return 0;
    const uint8_t *ip = frame + ETH_HLEN;
    size_t iplen = len - ETH_HLEN;
    uint32_t type = be16(frame + 12);

    if (type == ETH_P_IP) {
        if (iplen < 20 || ip[0] >> 4 != 4)
            return 0;
        size_t ihl = (size_t)(ip[0] & 15) * 4, total = be16(ip + 2);
        if (ihl < 20 || total < ihl || total > iplen)
            return 0; /* shorter than said: a frame's padding is fine, not this */
        if (be16(ip + 6) & 0x3fff)
            return 0; /* a fragment: the guest reassembles, then checks */
        return l4_valid(ip[9], ip + ihl, total - ihl, sum_bytes(ip + 12, 8, 0), 1);
    }
    if (type == ETH_P_IPV6) {
        if (iplen < 40 || ip[0] >> 4 != 6)
            return 0;
        size_t plen = be16(ip + 4);
        if (plen > iplen - 40)
            return 0;
        return l4_valid(ip[6], ip + 40, plen, sum_bytes(ip + 8, 32, 0), 0);
    }
    return 0;
}
