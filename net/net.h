/* net/net.h: the network stack's kernel-facing interface: lwIP set-up,
 * timers, the NIC glue, and the hooks the socket layer calls.
 *
 * lwIP is single-threaded (NO_SYS).  kiln's kernel is not preemptive and runs
 * with interrupts off outside the idle halt, so lwIP is only ever entered
 * from a system call or from the net timer, never re-entered.
 */
#ifndef KILN_NET_NET_H
#define KILN_NET_NET_H

#include <stdint.h>

struct cmdline;

/* Boot: start lwIP with the loopback interface (127.0.0.1, ::1). */
void net_init(void);
/* Static configuration from the command line (kiln.ip=A/P kiln.gw=A
 * kiln.dns=A), applied when a NIC attaches; NULL strings: DHCP. */
void net_config(const char *ip, const char *gw, const char *dns);
/* Static IPv6 from the command line (kiln.ip6=ADDR[/64] kiln.gw6=ADDR),
 * applied when a NIC attaches: the address (and the link-local one) are
 * usable at once, without duplicate address detection or router
 * advertisements; NULL strings: SLAAC as on a LAN.  Bad values are
 * ignored with a one-line warning. */
void net_config6(const char *ip6, const char *gw6);
/* Deliver what lwIP queued on the loopback path (and anything a NIC has
 * waiting), then re-arm the timer for lwIP's next timeout.  Socket calls
 * run it after every lwIP call that may send. */
void net_flush(void);
/* The NIC's lwIP interface, or NULL when there is none (for SIOCGIF*). */
struct netif *net_nic(void);
/* The DNS server given on the command line or by DHCP, 0 if none
 * (network byte order). */
uint32_t net_dns(void);

/* The VM is about to end (drivers_quiesce, interrupts off): send what
 * programs left in TCP send buffers to other machines, as Linux goes on
 * doing after exit, for at most 3 s.  Declared in drivers/drivers.h. */
void net_linger(void);

/* net/etc.c: /etc/hosts, nsswitch.conf and services when a NIC attaches, and
 * /etc/resolv.conf for a DNS server (network byte order) — each only if
 * the program's files have none. */
void net_etc_init(void);
void net_etc_resolv(uint32_t dns);

#endif
