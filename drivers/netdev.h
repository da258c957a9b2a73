/* drivers/netdev.h: what a NIC driver offers the network stack (net/) and
 * what the stack offers back.  One NIC is enough for now. */
#ifndef KILN_DRIVERS_NETDEV_H
#define KILN_DRIVERS_NETDEV_H
#include <stddef.h>
#include <stdint.h>

#define NETDEV_TX_CSUM 1u
#define NETDEV_RX_CSUM 2u

struct netdev {
    uint8_t mac[6];
    uint16_t mtu;                 /* 1500 */
    int link_up;
    /* NETDEV_TX_CSUM: the device finishes TCP checksums (see xmit).
     * NETDEV_RX_CSUM: net_rx may be told a frame's checksum was checked. */
    unsigned offload;
    /* Queue one Ethernet frame (gathered from nseg pieces) for sending;
     * 0, or -EAGAIN when the ring is full (the stack drops or retries).
     * csum_start != 0 (only with NETDEV_TX_CSUM): the 16-bit field at
     * csum_start + csum_off holds the pseudo-header's sum, and the device
     * stores there the checksum of everything from csum_start on. */
    int (*xmit)(struct netdev *nd, const void *const *seg, const size_t *len, int nseg,
                unsigned csum_start, unsigned csum_off);
    /* Move up to budget received frames to the stack with net_rx(); returns
     * how many.  Called from kernel context (never the program's stack),
     * with interrupts enabled. */
    int (*poll)(struct netdev *nd, int budget);
    void *priv;
};

/* ---- provided by net/ ---- */
void net_attach(struct netdev *nd);   /* driver found a NIC (at boot) */
/* A received frame; copied before return.  csum_ok: the device checked its
 * TCP or UDP checksum (or the frame came from this machine's own stack with
 * the checksum left to finish), so the stack need not. */
void net_rx(struct netdev *nd, const void *frame, size_t len, int csum_ok);
/* The driver's interrupt handler calls this: frames are waiting.  The stack
 * calls nd->poll() before returning (interrupts reach the kernel only where
 * the stack is not in use; always on the kernel's stack, never the
 * program's), or, when called from inside nd->poll(), once it returns. */
void net_kick(struct netdev *nd);
#endif
