/* lib/csum.c: the Internet checksum's one's complement sum (see csum.h). */
#include "lib/csum.h"

uint16_t csum_sum16(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t sum = 0;
    uint32_t w0, w1, w2, w3;

    /* 32-bit words added into 64 bits cannot overflow below 2^32 words;
     * the one's complement sum of 16-bit words is this sum folded */
    for (; len >= 16; b += 16, len -= 16) {
        __builtin_memcpy(&w0, b, 4);
        __builtin_memcpy(&w1, b + 4, 4);
        __builtin_memcpy(&w2, b + 8, 4);
        __builtin_memcpy(&w3, b + 12, 4);
        sum += (uint64_t)w0 + w1 + w2 + w3;
    }
    for (; len >= 4; b += 4, len -= 4) {
        __builtin_memcpy(&w0, b, 4);
        sum += w0;
    }
    if (len >= 2) {
        sum += (uint32_t)b[0] | (uint32_t)b[1] << 8;
        b += 2, len -= 2;
    }
    if (len)
        sum += b[0]; /* the last byte pairs with a zero after it */
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}
