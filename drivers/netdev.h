/* drivers/netdev.h: what a NIC driver offers the network stack (net/) and
 * what the stack offers back.  One NIC is enough for now. */
#ifndef KILN_DRIVERS_NETDEV_H
#define KILN_DRIVERS_NETDEV_H
#include <stddef.h>
#include <stdint.h>

struct netdev {
    uint8_t mac[6];
    uint16_t mtu;                 /* 1500 */
    int link_up;
    /* Queue one Ethernet frame (gathered from nseg pieces) for sending;
     * 0, or -EAGAIN when the ring is full (the stack drops or retries). */
    int (*xmit)(struct netdev *nd, const void *const *seg, const size_t *len, int nseg);
    /* Move up to budget received frames to the stack with net_rx(); returns
     * how many.  Called from kernel context (never the program's stack),
     * with interrupts enabled. */
    int (*poll)(struct netdev *nd, int budget);
    void *priv;
};

/* ---- provided by net/ ---- */
void net_attach(struct netdev *nd);   /* driver found a NIC (at boot) */
/* A received frame; copied before return. */
void net_rx(struct netdev *nd, const void *frame, size_t len);
/* The driver's interrupt handler calls this: frames are waiting.  The stack
 * calls nd->poll() soon, from kernel context, not from the IRQ. */
void net_kick(struct netdev *nd);
#endif
