/* net/port/libc/stdio.h: lwIP's <stdio.h>: nothing is used. */
#ifndef KILN_NET_LIBC_STDLIB_H
#define KILN_NET_LIBC_STDLIB_H
int lwip_port_atoi(const char *s);
#define atoi lwip_port_atoi
#endif
