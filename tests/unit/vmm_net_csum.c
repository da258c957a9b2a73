/* tests/unit/vmm_net_csum.c: the monitor's checksum offload
 * (host/vmm/net_csum.c): finishing a checksum the guest left to the device,
 * and checking frames before they are marked DATA_VALID.  A frame whose
 * checksum is wrong, truncated, fragmented or of another protocol must
 * never be called valid; offsets outside the frame must never be written
 * (ASan watches: every frame is a heap block of exactly its length). */
#include "tests/unit/unit.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/vmm/net_csum.h"

static const uint8_t payload[] = "hello, kiln\n";
#define PLEN (sizeof(payload) - 1)

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint16_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        s += (uint32_t)p[n - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)s;
}

/* An Ethernet + IPv4 + TCP frame, 10.0.2.2:80 -> 10.0.2.15:40000, with the
 * pseudo-header's sum in the checksum field, as a driver leaves it. */
static uint8_t *tcp4_frame(size_t *len)
{
    size_t n = 14 + 20 + 20 + PLEN;
    uint8_t *f = calloc(1, n), *ip = f + 14, *tcp = ip + 20;

    put16(f + 12, 0x0800);
    ip[0] = 0x45;
    put16(ip + 2, 20 + 20 + PLEN);
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, "\x0a\x00\x02\x02\x0a\x00\x02\x0f", 8);
    put16(tcp, 80);
    put16(tcp + 2, 40000);
    put16(tcp + 4, 0), put16(tcp + 6, 1);  /* seq 1 */
    put16(tcp + 8, 0), put16(tcp + 10, 2); /* ack 2 */
    tcp[12] = 5 << 4;
    tcp[13] = 0x18;
    put16(tcp + 14, 65535);
    memcpy(tcp + 20, payload, PLEN);
    put16(tcp + 16, sum16(ip + 12, 8, 6 + 20 + PLEN));
    *len = n;
    return f;
}

/* The same over IPv6 (fec0::2 -> fec0::15) as UDP, checksum finished. */
static uint8_t *udp6_frame(size_t *len)
{
    size_t n = 14 + 40 + 8 + PLEN;
    uint8_t *f = calloc(1, n), *ip = f + 14, *udp = ip + 40;

    put16(f + 12, 0x86dd);
    ip[0] = 0x60;
    put16(ip + 4, 8 + PLEN);
    ip[6] = 17;
    ip[7] = 64;
    ip[8] = 0xfe, ip[9] = 0xc0, ip[23] = 2;
    ip[24] = 0xfe, ip[25] = 0xc0, ip[39] = 0x15;
    put16(udp, 53);
    put16(udp + 2, 5353);
    put16(udp + 4, 8 + PLEN);
    memcpy(udp + 8, payload, PLEN);
    put16(udp + 6, sum16(ip + 8, 32, 17 + 8 + PLEN));
    assert_int_equal(net_csum_finish(f, n, 14 + 40, 6), 0);
    *len = n;
    return f;
}

/* The value an independent implementation (Python, RFC 1071) gives. */
static void finish_tcp4_known_answer(void **state)
{
    size_t n;
    uint8_t *f = tcp4_frame(&n);

    assert_false(net_csum_valid(f, n)); /* only the pseudo-header so far */
    assert_int_equal(net_csum_finish(f, n, 34, 16), 0);
    assert_int_equal(f[34 + 16] << 8 | f[34 + 17], 0xbf3c);
    assert_true(net_csum_valid(f, n));
    free(f);
}

/* Any one byte changed in the segment or the addresses: not valid. */
static void every_corruption_is_caught(void **state)
{
    size_t n;
    uint8_t *f = tcp4_frame(&n);

    assert_int_equal(net_csum_finish(f, n, 34, 16), 0);
    for (size_t i = 14 + 12; i < n; i++) {
        f[i] ^= 0x40;
        if (net_csum_valid(f, n))
            fail_msg("byte %zu flipped, still valid", i);
        f[i] ^= 0x40;
    }
    assert_true(net_csum_valid(f, n));
    free(f);
    f = udp6_frame(&n);
    assert_true(net_csum_valid(f, n));
    for (size_t i = 14 + 8; i < n; i++) {
        f[i] ^= 1;
        if (net_csum_valid(f, n))
            fail_msg("v6 byte %zu flipped, still valid", i);
        f[i] ^= 1;
    }
    free(f);
}

static void udp_zero_checksum(void **state)
{
    size_t n;
    uint8_t *f = udp6_frame(&n);

    put16(f + 14 + 40 + 6, 0); /* IPv6 requires a UDP checksum */
    assert_false(net_csum_valid(f, n));
    free(f);
    f = tcp4_frame(&n); /* turn it into UDP over IPv4 with no checksum */
    f[14 + 9] = 17;
    put16(f + 34 + 4, n - 34);
    put16(f + 34 + 6, 0);
    assert_true(net_csum_valid(f, n));
    put16(f + 34 + 4, n - 34 - 1); /* UDP length disagrees with IP's */
    assert_false(net_csum_valid(f, n));
    free(f);
}

/* Truncated, fragmented, padded, other protocols. */
static void odd_frames(void **state)
{
    size_t n;
    uint8_t *f = tcp4_frame(&n), *g;

    assert_int_equal(net_csum_finish(f, n, 34, 16), 0);
    for (size_t k = 0; k < n; k++) { /* every truncation, in a block of that size */
        g = malloc(k ? k : 1);
        memcpy(g, f, k);
        if (net_csum_valid(g, k))
            fail_msg("truncated to %zu bytes, still valid", k);
        free(g);
    }
    g = calloc(1, n + 6); /* Ethernet padding after the datagram is fine */
    memcpy(g, f, n);
    assert_true(net_csum_valid(g, n + 6));
    free(g);
    f[14 + 6] = 0x20; /* more fragments */
    assert_false(net_csum_valid(f, n));
    f[14 + 6] = 0;
    f[14 + 7] = 1; /* offset 8 */
    assert_false(net_csum_valid(f, n));
    f[14 + 7] = 0;
    f[14 + 9] = 1; /* ICMP */
    assert_false(net_csum_valid(f, n));
    f[14 + 9] = 6;
    f[14] = 0x44; /* header length 16 */
    assert_false(net_csum_valid(f, n));
    f[14] = 0x45;
    put16(f + 12, 0x0806); /* ARP */
    assert_false(net_csum_valid(f, n));
    free(f);
}

/* Offsets that do not fit are refused, and nothing is written. */
static void finish_refuses_bad_offsets(void **state)
{
    size_t n;
    uint8_t *f = tcp4_frame(&n), *copy = malloc(n);

    memcpy(copy, f, n);
    assert_err(net_csum_finish(f, n, n + 1, 0), -EINVAL);
    assert_err(net_csum_finish(f, n, 34, n - 34 - 1), -EINVAL); /* one byte of field */
    assert_err(net_csum_finish(f, n, 34, n - 34), -EINVAL);
    assert_err(net_csum_finish(f, n, (size_t)-1, 2), -EINVAL);
    assert_err(net_csum_finish(f, n, 34, (size_t)-1), -EINVAL);
    assert_err(net_csum_finish(f, n, 65535, 65535), -EINVAL);
    assert_memory_equal(f, copy, n);
    assert_int_equal(net_csum_finish(f, n, 34, n - 34 - 2), 0); /* the last two bytes */
    free(copy);
    free(f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(finish_tcp4_known_answer),
    cmocka_unit_test(every_corruption_is_caught),
    cmocka_unit_test(udp_zero_checksum),
    cmocka_unit_test(odd_frames),
    cmocka_unit_test(finish_refuses_bad_offsets),
};

UNIT_MAIN("vmm_net_csum", tests)
