/* net/inet_opt.h: IPPROTO_IP / IPPROTO_IPV6 socket options, shared by the
 * lwIP-backed sockets (net/inet_opt.c). */
#ifndef KILN_NET_INET_OPT_H
#define KILN_NET_INET_OPT_H

struct sock;

/* Set an IP or IPv6 option of s.  pcb: its lwIP pcb (any kind; may be
 * NULL before it exists), *v6only: the socket's IPV6_V6ONLY, bound: the
 * socket has an address (IPV6_V6ONLY is then EINVAL).  -ENOPROTOOPT for
 * other levels or unknown options, as Linux. */
int inet_setopt(struct sock *s, int level, int name, const void *val, int len, void *pcb,
                int *v6only, int bound);
/* Read one back; *len: room on entry, bytes produced on return. */
int inet_getopt(struct sock *s, int level, int name, void *val, int *len, void *pcb, int v6only);

#endif
