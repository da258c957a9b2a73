/* net/port/libc/stdlib.h: lwIP's <stdlib.h>: atoi (netif names). */
#ifndef KILN_NET_LIBC_STDLIB_H
#define KILN_NET_LIBC_STDLIB_H
int lwip_port_atoi(const char *s);
#define atoi lwip_port_atoi
#endif
