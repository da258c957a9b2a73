/* drivers/virtio_net.c: virtio-net (virtio 1.1 section 5.1) for the network stack, NAPI style.
 *
 *   interrupt -> ack in the device, mute the receive queue, net_kick()
 *   stack     -> nd->poll(budget): hand frames to net_rx(), give the buffers
 *                back; when the queue is empty, unmute and look once more
 *                (a frame that arrived in between would otherwise wait)
 *
 * Buffers are fixed: descriptor i of a queue always points at buffer i
 * (2 KiB, a header and a full 1514-byte frame), so posting a buffer is
 * writing one avail slot.  Sending copies the frame into a free transmit
 * buffer (the stack keeps its pbufs), the transmit queue never interrupts,
 * and finished transmit buffers are taken back on the next send.  With
 * MRG_RXBUF a frame may span several receive buffers; they are gathered.
 * Checksums are left to the device both ways when it offers that (CSUM,
 * GUEST_CSUM; net/nic_csum.h says what the stack then skips).
 */
#include "drivers/drivers.h"
#include "drivers/netdev.h"
#include "drivers/virtio_dev.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"

#define VNET_BUF 2048
#define VNET_RXQ 64 /* the monitor keeps a backlog when these are all full */
#define VNET_TXQ 32 /* the devices finish a send before QueueNotify returns */
#define VNET_HDR ((uint32_t)sizeof(struct virtio_net_hdr))
#define VNET_FRAME_MAX (VNET_BUF - VNET_HDR)
#define VNET_GATHER_MAX 65550 /* largest frame a device may merge */

struct vnet {
    struct netdev nd;
    struct virtio_dev *dev;
    struct virtq rx, tx;
    uint8_t *rxbuf, *txbuf;    /* buffer i at +i * VNET_BUF */
    uint16_t txfree[VNET_TXQ]; /* stack of free transmit descriptors */
    unsigned ntxfree;
    uint8_t *gather; /* frames of several buffers, allocated on first use */
};

static struct vnet vnet0;

/* Give descriptor id back to the device (published by the caller). */
static void vnet_rx_post(struct vnet *v, uint16_t id)
{
    v->rx.avail->ring[v->rx.avail_idx++ % v->rx.num] = id;
}

/* The next used receive entry, or -1. */
static int vnet_rx_next(struct vnet *v, uint32_t *len)
{
    struct virtq *q = &v->rx;

    if (q->last_used == *(volatile uint16_t *)&q->used->idx)
        return -1;
    virtio_rmb();
    struct virtq_used_elem e = q->used->ring[q->last_used++ % q->num];
    if (e.id >= q->num) /* a device bug; skip it rather than trust it */
        return -1;
    *len = e.len < VNET_BUF ? e.len : VNET_BUF;
    return e.id;
}

/* One frame from the used ring to the stack; 0 if the ring is empty. */
static int vnet_rx_one(struct vnet *v)
{
    uint32_t len, more, got;
    int id = vnet_rx_next(v, &len);

    if (id < 0)
        return 0;
    struct virtio_net_hdr *h = (struct virtio_net_hdr *)(v->rxbuf + id * VNET_BUF);
    /* NEEDS_CSUM: from the host's own stack, checked by definition (5.1.6.4) */
    int ok = !!(h->flags & (VIRTIO_NET_HDR_F_DATA_VALID | VIRTIO_NET_HDR_F_NEEDS_CSUM));
    more = (v->dev->features & (1ull << VIRTIO_NET_F_MRG_RXBUF)) && h->num_buffers > 1
               ? h->num_buffers - 1u
               : 0;
    if (!more) {
        if (len > VNET_HDR)
            net_rx(&v->nd, (v->rxbuf + id * VNET_BUF) + VNET_HDR, len - VNET_HDR, ok);
        vnet_rx_post(v, id);
        return 1;
    }
    /* MRG_RXBUF: the device published all the buffers of the frame at once */
    if (!v->gather)
        v->gather = kmalloc(VNET_GATHER_MAX);
    got = 0;
    if (v->gather && len > VNET_HDR) {
        memcpy(v->gather, (v->rxbuf + id * VNET_BUF) + VNET_HDR, len - VNET_HDR);
        got = len - VNET_HDR;
    }
    vnet_rx_post(v, id);
    while (more--) {
        id = vnet_rx_next(v, &len);
        if (id < 0)
            break;
        if (v->gather && got + len <= VNET_GATHER_MAX) {
            memcpy(v->gather + got, (v->rxbuf + id * VNET_BUF), len);
            got += len;
        }
        vnet_rx_post(v, id);
    }
    if (v->gather && got)
        net_rx(&v->nd, v->gather, got, ok);
    return 1;
}

static int vnet_poll(struct netdev *nd, int budget)
{
    struct vnet *v = nd->priv;
    int n = 0;

    while (n < budget) {
        if (vnet_rx_one(v)) {
            n++;
            continue;
        }
        /* empty: unmute, then look again, or a frame could wait unannounced */
        v->rx.avail->flags = 0;
        virtio_mb();
        if (!vnet_rx_one(v))
            break;
        v->rx.avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
        n++;
    }
    if (n)
        virtq_publish(&v->rx);
    if (n == budget)
        net_kick(nd); /* more may be waiting, and the queue is still muted */
    return n;
}

/* Take back the transmit buffers the device is done with. */
static void vnet_tx_reclaim(struct vnet *v)
{
    struct virtq *q = &v->tx;

    while (q->last_used != *(volatile uint16_t *)&q->used->idx) {
        virtio_rmb();
        uint32_t id = q->used->ring[q->last_used++ % q->num].id;
        if (id < q->num && v->ntxfree < q->num)
            v->txfree[v->ntxfree++] = id;
    }
}

static int vnet_xmit(struct netdev *nd, const void *const *seg, const size_t *len, int nseg,
                     unsigned csum_start, unsigned csum_off)
{
    struct vnet *v = nd->priv;
    size_t total = 0;
    uint16_t id;
    uint8_t *p;

    for (int i = 0; i < nseg; i++)
        total += len[i];
    if (total > VNET_FRAME_MAX)
        return -EMSGSIZE;
    if (!v->ntxfree)
        vnet_tx_reclaim(v);
    if (!v->ntxfree)
        return -EAGAIN;
    id = v->txfree[--v->ntxfree];
    p = (v->txbuf + id * VNET_BUF);
    memset(p, 0, VNET_HDR);
    if (csum_start) { /* only offered with VIRTIO_NET_F_CSUM (nd.offload) */
        struct virtio_net_hdr *h = (struct virtio_net_hdr *)p;
        h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        h->csum_start = (uint16_t)csum_start;
        h->csum_offset = (uint16_t)csum_off;
    }
    p += VNET_HDR;
    for (int i = 0; i < nseg; i++) {
        memcpy(p, seg[i], len[i]);
        p += len[i];
    }
    v->tx.desc[id].len = VNET_HDR + (uint32_t)total;
    v->tx.avail->ring[v->tx.avail_idx++ % v->tx.num] = id;
    virtq_publish(&v->tx);
    return 0;
}

/* Interrupt context: the configuration changed (the link status). */
static void vnet_config_irq(void *arg)
{
    struct vnet *v = arg;

    if (v->dev->features & (1ull << VIRTIO_NET_F_STATUS))
        v->nd.link_up = !!((v->dev->ops->config32(v->dev, 4) >> 16) & VIRTIO_NET_S_LINK_UP);
}

/* Interrupt context: received frames (the transmit queue is muted). */
static void vnet_vring_irq(void *arg)
{
    struct vnet *v = arg;

    v->rx.avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    net_kick(&v->nd);
}

/* The buffers, two per page, in one piece of never-used (so zero) memory;
 * descriptor i of a queue points at its buffer i for good.  Every receive
 * buffer is posted; every transmit one is free.  Kept to few instructions:
 * ring 0 is emulated on some hosts (DESIGN.md section 7). */
static int vnet_bufs(struct vnet *v)
{
    unsigned nrx = v->rx.num, ntx = v->tx.num;
    uint64_t pa = mm_page_alloc_fresh((nrx + ntx + 1) / 2);

    if (!pa)
        return -ENOMEM;
    v->rxbuf = PHYS_TO_VIRT(pa);
    v->txbuf = v->rxbuf + nrx * VNET_BUF;
    for (unsigned i = 0; i < nrx; i++, pa += VNET_BUF) {
        v->rx.desc[i] = (struct virtq_desc){pa, VNET_BUF, VIRTQ_DESC_F_WRITE, 0};
        v->rx.avail->ring[i] = i;
    }
    v->rx.avail_idx = nrx;
    for (unsigned i = 0; i < ntx; i++, pa += VNET_BUF) {
        v->tx.desc[i] = (struct virtq_desc){pa, VNET_BUF, 0, 0};
        v->txfree[i] = i;
    }
    v->ntxfree = ntx;
    return 0;
}

int virtio_net_probe(struct virtio_dev *d)
{
    struct vnet *v = &vnet0;
    uint64_t want = (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_NET_F_MAC) |
                    (1ull << VIRTIO_NET_F_MRG_RXBUF) | (1ull << VIRTIO_NET_F_STATUS) |
                    (1ull << VIRTIO_NET_F_CSUM) | (1ull << VIRTIO_NET_F_GUEST_CSUM);
    int err;

    if (v->nd.priv)
        return -EBUSY; /* one NIC is enough for now (drivers/netdev.h) */
    v->dev = d;
    err = d->ops->begin(d, want);
    err = err ?: d->ops->intr(d, vnet_vring_irq, vnet_config_irq, v);
    err = err ?: d->ops->queue(d, &v->rx, 0, VNET_RXQ);
    err = err ?: d->ops->queue(d, &v->tx, 1, VNET_TXQ);
    err = err ?: vnet_bufs(v);
    if (err)
        return err;
    v->tx.avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT; /* reclaimed on send */
    /* MAC and status in two 32-bit reads: each access is a VM exit */
    uint32_t cfg[2] = {d->ops->config32(d, 0), d->ops->config32(d, 4)};
    if (v->dev->features & (1ull << VIRTIO_NET_F_MAC))
        memcpy(v->nd.mac, cfg, 6);
    else /* a locally administered address */
        memcpy(v->nd.mac, "\x52\x54\x00\x12\x34\x56", 6);
    v->nd.link_up = !(v->dev->features & (1ull << VIRTIO_NET_F_STATUS)) ||
                    ((cfg[1] >> 16) & VIRTIO_NET_S_LINK_UP);
    v->nd.mtu = 1500;
    v->nd.offload = (d->features & (1ull << VIRTIO_NET_F_CSUM) ? NETDEV_TX_CSUM : 0) |
                    (d->features & (1ull << VIRTIO_NET_F_GUEST_CSUM) ? NETDEV_RX_CSUM : 0);
    v->nd.xmit = vnet_xmit;
    v->nd.poll = vnet_poll;
    v->nd.priv = v;
    d->ops->ready(d);
    virtq_publish(&v->rx);
    klog("kiln: virtio-net at %s: %02x:%02x:%02x:%02x:%02x:%02x\n", d->where,
         v->nd.mac[0], v->nd.mac[1], v->nd.mac[2], v->nd.mac[3], v->nd.mac[4], v->nd.mac[5]);
    net_attach(&v->nd);
    return 0;
}

/* QEMU sends from a bottom half after QueueNotify returns; kiln's monitor
 * before.  Wait for the device to have used every transmit buffer, at
 * most VNET_QUIESCE_NS. */
#define VNET_QUIESCE_NS 200000000ull

void virtio_net_quiesce(void)
{
    struct vnet *v = &vnet0;
    uint64_t end;

    if (!v->nd.priv || *(volatile uint16_t *)&v->tx.used->idx == v->tx.avail_idx)
        return;
    end = time_mono_ns() + VNET_QUIESCE_NS;
    while (*(volatile uint16_t *)&v->tx.used->idx != v->tx.avail_idx && time_mono_ns() < end)
        __asm__ volatile("pause" ::: "memory");
}
