/* tests/unit/lib_csum_sum16.c: lib/csum.c, the one's complement sum lwIP
 * uses for every checksum (LWIP_CHKSUM), against a plain RFC 1071 loop
 * (big-endian 16-bit words), for every length 0..300 at every alignment
 * 0..7, on random bytes and on the all-0xff worst case for carries, plus
 * a large buffer.  ASan watches that nothing past len is read (each
 * buffer is a heap block of exactly its length). */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include <string.h>

#include "lib/csum.h"

/* RFC 1071, big-endian words, folded, not inverted; returned byte-swapped
 * as lwIP's "host order" value on a little-endian machine */
static uint16_t reference(const uint8_t *p, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        s += (uint32_t)p[i] << 8 | p[i + 1];
        s = (s & 0xffff) + (s >> 16);
    }
    if (n & 1)
        s += (uint32_t)p[n - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)(s >> 8 | (s & 0xff) << 8);
}

static void check(const uint8_t *src, size_t n, size_t align)
{
    uint8_t *blk = malloc(align + n + 1), *p = blk + align;
    memcpy(p, src, n);
    uint16_t got = csum_sum16(p, n), want = reference(p, n);
    free(blk);
    if (got != want)
        fail_msg("length %zu at offset %zu: %#06x, want %#06x", n, align, got, want);
}

static void every_length_and_alignment(void **state)
{
    uint8_t rnd[300], ff[300];
    srand(1071);
    for (size_t i = 0; i < sizeof(rnd); i++)
        rnd[i] = (uint8_t)rand();
    memset(ff, 0xff, sizeof(ff));
    for (size_t n = 0; n <= sizeof(rnd); n++)
        for (size_t a = 0; a < 8; a++) {
            check(rnd, n, a);
            check(ff, n, a);
        }
}

static void large_buffer(void **state)
{
    size_t n = 1 << 20;
    uint8_t *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(i * 2654435761u >> 13);
    check(b, n, 0);
    check(b, n - 1, 3);
    memset(b, 0xff, n);
    check(b, n, 1);
    free(b);
}

/* exactly the length given: a sum that read one byte more would differ */
static void length_is_respected(void **state)
{
    uint8_t b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    assert_int_equal(csum_sum16(b, 0), 0);
    assert_int_equal(csum_sum16(b, 1), 0x0001);
    assert_int_equal(csum_sum16(b, 2), 0x0201);
    assert_int_equal(csum_sum16(b, 3), 0x0204);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_length_and_alignment),
    cmocka_unit_test(large_buffer),
    cmocka_unit_test(length_is_respected),
};

UNIT_MAIN("lib_csum_sum16", tests)
