/* host/net.h: `kiln run` networking, engine-independent: --net, -p, and what the guest is told.
 *
 * Both engines give the guest one virtio-mmio NIC at the same place, the
 * last slot of QEMU microvm's virtio-mmio area (NET_MMIO_BASE, IOAPIC input
 * NET_MMIO_GSI), so the kernel command line does not depend on the engine.
 * With user networking (slirp, in kiln's monitor or in QEMU) the guest
 * has slirp's usual addresses, written on the command line (no DHCP wait),
 * or with user,dhcp asks slirp's DHCP server for them at boot.
 */
#ifndef KILN_HOST_NET_H
#define KILN_HOST_NET_H

#include <stdint.h>
#include "host/cmdline.h"

#define NET_MMIO_BASE 0xfeb00e00ull
#define NET_MMIO_SIZE 0x200u
#define NET_MMIO_GSI 12

#define NET_GUEST_IP "10.0.2.15"
#define NET_GUEST_PREFIX 24
#define NET_HOST_IP "10.0.2.2" /* the gateway: the host, as slirp shows it */
#define NET_DNS_IP "10.0.2.3"
#define NET_NETWORK "10.0.2.0"
/* slirp's IPv6 network (QEMU's defaults), the guest's address static too */
#define NET_PREFIX6 "fec0::"
#define NET_PREFIX6_LEN 64
#define NET_GUEST_IP6 "fec0::15"
#define NET_HOST_IP6 "fec0::2" /* the router: the host, as slirp shows it */
#define NET_DNS_IP6 "fec0::3"

enum net_mode { NET_USER, NET_NONE, NET_TAP };

/* -p [HOSTADDR:]HOSTPORT:GUESTPORT[/tcp|/udp], HOSTADDR IPv4 or [IPv6] */
struct net_port {
    int udp;
    int v6;             /* host_addr is IPv6: forwarded to NET_GUEST_IP6 */
    char host_addr[46]; /* without brackets; "127.0.0.1" unless given */
    uint16_t host_port, guest_port;
};

struct net_opts {
    enum net_mode mode;
    int given;              /* --net was on the command line */
    const char *tap;        /* NET_TAP: the interface name */
    const char *ip, *gw;    /* NET_TAP: ip=ADDR/PREFIX, gw=ADDR; NULL: DHCP */
    const char *ip6, *gw6;  /* NET_TAP: ip6=ADDR/PREFIX, gw6=ADDR; NULL: SLAAC */
    int dhcp;               /* NET_USER: user,dhcp: the address from slirp's DHCP */
    struct net_port *ports; /* -p, in order */
    unsigned nports;
};

/* Parse --net none|user[,dhcp]|tap:NAME[,...] into n.  Returns 0, or -EINVAL after
 * printing why. */
int net_parse_mode(struct net_opts *n, const char *arg);

/* Add one -p spec to n.  Returns 0, -EINVAL after printing why, -ENOMEM. */
int net_parse_port(struct net_opts *n, const char *arg);

/* Check the combination (-p needs user networking).  Returns 0 or -EINVAL
 * after printing why. */
int net_check(const struct net_opts *n);

/* The kernel command line words for n: where the NIC is (mmio: on
 * virtio-mmio, at NET_MMIO_BASE; else on PCI, found by the kernel's scan),
 * and the addresses when the guest should not ask DHCP.  Returns 0 or
 * -errno. */
int net_cmdline(struct cmdline *c, const struct net_opts *n, int mmio);

#endif
