/* net/port/arch/cc.h: compiler and platform glue for lwIP in kiln's kernel. */
#ifndef KILN_NET_ARCH_CC_H
#define KILN_NET_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_UNISTD_H 1
#define INT_MAX __INT_MAX__
typedef long ssize_t;
#define SSIZE_MAX __LONG_MAX__

/* Byte order and the checksum loop inline or from lib/: lwIP's own are
 * function calls and two-byte loops, on paths run for every segment */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))
#include "lib/csum.h"
#define LWIP_CHKSUM(p, len) csum_sum16((p), (size_t)(len))

void lwip_port_diag(const char *fmt, ...);
__attribute__((noreturn)) void lwip_port_assert(const char *msg, const char *file, int line);
#define LWIP_PLATFORM_DIAG(x) lwip_port_diag x
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert(x, __FILE__, __LINE__)

#endif
