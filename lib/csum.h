/* lib/csum.h: the Internet checksum's one's complement sum (RFC 1071). */
#ifndef KILN_LIB_CSUM_H
#define KILN_LIB_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* The 16-bit one's complement sum of p[0..len), not inverted, as a value
 * to store to memory as is: the bytes are taken in pairs in memory order
 * and loaded natively (little-endian), so on x86 the result is the
 * byte-swapped big-endian sum, which is what lwIP's LWIP_CHKSUM returns
 * ("host order").  Any alignment, any length.  About 0.6 instructions per
 * byte (32-bit words into a 64-bit sum), against 2 or more for lwIP's
 * standard routine; ring 0 is emulated on some hosts (DESIGN.md 7). */
uint16_t csum_sum16(const void *p, size_t len);

#endif
