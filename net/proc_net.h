/* net/proc_net.h: /proc/net (= /proc/PID/net): the socket tables and the
 * interface files in Linux's formats, rendered by net/proc_net.c when a
 * file is opened; and what the protocol files lend it.
 *
 * The renderers have procfs's proc_text_fn shape (vfs/procfs.h): they
 * ignore the process (one network namespace), write at most cap bytes of
 * buf and return the length the whole text needed.
 */
#ifndef KILN_NET_PROC_NET_H
#define KILN_NET_PROC_NET_H

#include <stddef.h>
#include <stdint.h>

struct process;
struct task;
struct sock;

size_t proc_net_tcp(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_tcp6(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_udp(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_udp6(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_raw(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_raw6(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_unix(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_dev(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_route(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_net_if_inet6(struct process *p, struct task *t, char *buf, size_t cap);

/* A socket's inode number (0 without a file: not yet accepted, or closed
 * by the program and left to the stack) and its owner's uid. */
uint64_t sock_ino(const struct sock *s);
uint32_t sock_uid(const struct sock *s);

/* One datagram socket as /proc/net/{udp,raw}[6] shows it.  Addresses are
 * lwIP ip_addr_t (const void * here to keep lwIP out of this header). */
struct dgram_info {
    struct sock *s;
    const void *local, *remote; /* NULL remote: not connected */
    uint16_t lport, rport;      /* raw: lport is the protocol */
    size_t rxq;                 /* bytes queued for reading */
};

/* net/dgram.c: call fn for every UDP socket bound to a port (raw: every
 * raw socket; Linux "ping" sockets are not raw ones), in creation order. */
void dgram_walk(int raw, void (*fn)(void *ctx, const struct dgram_info *d), void *ctx);

/* One AF_UNIX socket as /proc/net/unix shows it. */
struct unix_info {
    struct sock *s;
    int listening, connected;
    const uint8_t *addr; /* sockaddr_un: family, then the name */
    int addrlen;         /* 0: unbound */
};

/* net/unix.c: call fn for every AF_UNIX socket, in creation order. */
void unix_walk(void (*fn)(void *ctx, const struct unix_info *u), void *ctx);

/* net/net.c: traffic counters of the loopback (nic = 0) or the NIC. */
struct net_dev_stats {
    uint64_t rx_bytes, rx_packets, tx_bytes, tx_packets;
};
void net_dev_stats(int nic, struct net_dev_stats *out);

/* The interfaces as Linux names and orders them (also for net/netlink.c):
 * lwIP's loopback is "lo", the NIC "eth0"; netifs_by_index puts up to max
 * interfaces in n[] by index (lo first; lwIP's list has the newest first)
 * and returns how many. */
struct netif;
const char *netif_linux_name(struct netif *n);
int netifs_by_index(struct netif **n, int max);
/* net/ifreq.c: SIOCGIFFLAGS's flags (netlink adds IFF_LOWER_UP to
 * running ones) and SIOCGIFMTU's value, so that the two agree. */
unsigned netif_linux_flags(struct netif *n);
int netif_linux_mtu(struct netif *n);

#endif
