/* net/inaddr.h: Linux sockaddr_in/sockaddr_in6 <-> lwIP addresses. */
#ifndef KILN_NET_INADDR_H
#define KILN_NET_INADDR_H

#include "lwip/ip_addr.h"

/* Decode a socket address of family (the socket's: AF_INET or AF_INET6;
 * AF_INET6 sockets take v4-mapped addresses as IPv4).  -EINVAL for a short
 * length, -EAFNOSUPPORT for another family. */
int inaddr_decode(int family, const void *addr, int len, ip_addr_t *ip, uint16_t *port);
/* Encode for a socket of family into addr (SOCKADDR_MAX); the length. */
int inaddr_encode(int family, const ip_addr_t *ip, uint16_t port, void *addr);
/* Is ip one of this machine's addresses (or any)?  For EADDRNOTAVAIL. */
int inaddr_local(const ip_addr_t *ip);

#endif
