/* net/port/lwipopts.h: kiln's lwIP configuration.
 *
 * NO_SYS: lwIP runs single-threaded inside the kernel, which is not
 * preemptive (interrupts are off except in the idle halt), so every call
 * into lwIP is already serialized: from a system call, or from a kernel
 * timer.  kiln's socket layer (net/) uses the raw API; lwIP's sockets and
 * netconn are off.  Memory comes from the kernel heap (mm/heap.c), so pools
 * are limits, not reservations.
 */
#ifndef KILN_NET_LWIPOPTS_H
#define KILN_NET_LWIPOPTS_H

#define NO_SYS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS 1

/* memory: the kernel heap for everything */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define mem_clib_malloc kmalloc
#define mem_clib_free kfree
#define mem_clib_calloc lwip_port_calloc
#define MEMP_NUM_TCP_PCB 1024
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_UDP_PCB 256
#define MEMP_NUM_RAW_PCB 64
#define MEMP_NUM_TCP_SEG 4096
#define MEMP_NUM_PBUF 1024
#define MEMP_NUM_REASSDATA 32
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE 1024
#define PBUF_POOL_BUFSIZE 1536

/* protocols */
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_ARP 1
/* Packets for a neighbour whose address is still being resolved wait, as
 * on Linux, rather than all but the last being dropped: ten connections
 * answered at once before the first ARP reply lost nine SYN-ACKs, and the
 * peers' retransmissions cost 2.75 s each */
#define ARP_QUEUEING 1
#define ARP_QUEUE_LEN 64
#define MEMP_NUM_ARP_QUEUE 256
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
/* no ARP probe of the offered address: it would hold the lease (and the
 * program's start, net_attach) back by half a second at least */
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_DHCP6 0
#define LWIP_IPV6_FRAG 1
#define LWIP_IPV6_REASS 1
#define IPV6_FRAG_COPYHEADER 1 /* 64-bit pointers do not fit in the fragment header */
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define LWIP_BROADCAST_PING 0
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_SO_RCVBUF 0
#define SO_REUSE 1
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_CHECKSUM_ON_COPY 0
/* no checksums on the loopback interface (as Linux): kernel instructions
 * are expensive where ring 0 is emulated */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define LWIP_STATS 0
#define LWIP_STATS_DISPLAY 0
#define LWIP_TCPIP_CORE_LOCKING 0
#define IP_DEFAULT_TTL 64
#define IP_FORWARD 0
#define LWIP_SINGLE_NETIF 0

/* TCP sized for throughput: 64 KiB segments on loopback, big windows
 * scaled by 2^4 (RFC 7323), as Linux's defaults are large. */
#define TCP_MSS 16000 /* loopback; a NIC clamps it to its MTU */
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 4
#define TCP_WND (512 * 1024)
#define TCP_SND_BUF (512 * 1024)
#define TCP_SND_QUEUELEN 4096
#define TCP_SNDLOWAT 1024 /* unused by the raw API; lwIP bounds it by the MSS */
#define TCP_SNDQUEUELOWAT (TCP_SND_QUEUELEN / 2)
#define TCP_OVERSIZE 1536
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 0xff
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 1
#define LWIP_TCP_MAX_SACK_NUM 4
#define TCP_MAXRTX 12
#define TCP_SYNMAXRTX 6
#define TCP_MSL 30000UL /* TIME_WAIT lasts 60 s, as on Linux (lwIP: 2 * MSL) */
#define LWIP_TCP_TIMESTAMPS 0
#define LWIP_CALLBACK_API 1
#define LWIP_EVENT_API 0
#define LWIP_NETIF_TX_SINGLE_PBUF 0

/* kiln.gw6= (net/net.c): the next hop for destinations off the link */
struct ip6_addr;
struct netif;
const struct ip6_addr *net_ip6_gateway(struct netif *netif, const struct ip6_addr *dest);
#define LWIP_HOOK_ND6_GET_GW(netif, dest) net_ip6_gateway(netif, dest)

#define LWIP_RAND() lwip_port_rand()
#define LWIP_DEBUG 0

#include <stddef.h>
#include <stdint.h>
void *kmalloc(size_t n);
void kfree(void *p);
void *lwip_port_calloc(size_t n, size_t size);
uint32_t lwip_port_rand(void);

/* every IP packet received, for the loopback's /proc/net/dev counters
 * (net/net.c; returns 0: lwIP goes on with the packet) */
struct pbuf;
struct netif;
int net_ip_input_hook(struct pbuf *p, struct netif *inp);
#define LWIP_HOOK_IP4_INPUT(p, inp) net_ip_input_hook(p, inp)
#define LWIP_HOOK_IP6_INPUT(p, inp) net_ip_input_hook(p, inp)
/* DHCP options lwIP does not decode itself (without LWIP_DNS: the DNS
 * servers), for net/net.c */
void net_dhcp_option(int option, int len, struct pbuf *p, int offset);
#define LWIP_HOOK_DHCP_PARSE_OPTION(netif, dhcp, state, msg, msg_type, option, len, pbuf, offset) \
    net_dhcp_option(option, len, pbuf, offset)

#endif
