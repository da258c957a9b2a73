/* host/vmm/virtio_net.c: the monitor's virtio-net device (virtio 1.1 section 5.1) on a back end.
 *
 * Queue 0 receives (host to guest), queue 1 transmits.  Offered: VERSION_1,
 * MAC, STATUS (link always up), MRG_RXBUF, and both checksum offloads: CSUM
 * (a guest's frame may come with its TCP/UDP checksum to finish) and
 * GUEST_CSUM (frames for the guest whose checksum the monitor found right
 * are marked DATA_VALID, so the guest's stack skips that work).  Transmit runs on the vCPU
 * thread, inside the QueueNotify exit: each chain is gathered and handed
 * to the back end.  Receive runs on the back end's thread: a frame goes
 * into as many receive chains as it needs; when the guest has none left,
 * up to VNET_BACKLOG frames wait for the guest to post buffers (its
 * QueueNotify on queue 0), the rest are dropped as a full NIC would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "host/msg.h"
#include "host/net_backend.h"
#include "host/vmm/net_csum.h"
#include "host/vmm/virtio.h"
#include "host/vmm/vmm_net.h"

#define VNET_RX 0
#define VNET_TX 1
#define VNET_HDR 12 /* struct virtio_net_hdr with VERSION_1 */
#define VNET_FRAME_MAX 65535
#define VNET_MAXIOV 64
#define VNET_BACKLOG 1024 /* more than a 512 KiB TCP window of 1514-byte frames */

struct vnet_frame {
    size_t len;
    uint8_t data[];
};

struct vnet {
    struct vmm_virtio v;
    struct net_backend *be;
    struct vnet_frame *backlog[VNET_BACKLOG]; /* a ring, head..tail */
    unsigned bl_head, bl_len;
    uint8_t tx[VNET_HDR + VNET_FRAME_MAX];
};

/* Copy len bytes of src into the pieces iov[0..n) from byte offset off. */
static size_t vnet_scatter(struct vmm_iov *iov, int n, size_t off, const uint8_t *src, size_t len)
{
    size_t done = 0;

    for (int i = 0; i < n && done < len; i++) {
        if (off >= iov[i].len) {
            off -= iov[i].len;
            continue;
        }
        size_t k = iov[i].len - off < len - done ? iov[i].len - off : len - done;
        memcpy(iov[i].p + off, src + done, k);
        done += k;
        off = 0;
    }
    return done;
}

/* Put one frame into the receive queue.  Returns 1 if done, 0 if the guest
 * lacks buffers (nothing taken), -EIO if the queue is broken. */
static int vnet_deliver(struct vnet *n, const uint8_t *frame, size_t len)
{
    struct vmm_virtio *d = &n->v;
    int mrg = !!(d->driver_features & (1ull << VIRTIO_NET_F_MRG_RXBUF));
    struct vmm_iov rd[1], wr[VNET_MAXIOV];
    struct {
        uint16_t head;
        uint32_t len;
    } used[VNET_MAXIOV];
    struct virtio_net_hdr h = {0};
    size_t total = VNET_HDR + len, off = 0;
    unsigned nb = 0;
    struct vmm_iov first_iov[VNET_MAXIOV];
    int nfirst = 0;

    while (off < total) {
        int nrd = 1, nwr = VNET_MAXIOV, r;
        uint16_t head;
        if (nb == VNET_MAXIOV || (!mrg && nb == 1))
            goto unpop; /* the frame does not fit the buffers the guest gave */
        r = vmm_vq_pop(d, VNET_RX, rd, &nrd, wr, &nwr, &head);
        if (r <= 0) {
            if (r < 0)
                return r;
            goto unpop;
        }
        if (nb == 0) { /* the header goes first; num_buffers is known at the end */
            memcpy(first_iov, wr, nwr * sizeof(wr[0]));
            nfirst = nwr;
            size_t k = vnet_scatter(wr, nwr, VNET_HDR, frame, len);
            size_t cap = 0;
            for (int i = 0; i < nwr; i++)
                cap += wr[i].len;
            if (cap < VNET_HDR) {
                nb++;
                goto unpop; /* a buffer too small even for the header */
            }
            used[nb].len = VNET_HDR + k;
            off = VNET_HDR + k;
        } else {
            size_t k = vnet_scatter(wr, nwr, 0, frame + (off - VNET_HDR), total - off);
            used[nb].len = k;
            off += k;
        }
        used[nb++].head = head;
    }
    h.num_buffers = nb;
    if ((d->driver_features & (1ull << VIRTIO_NET_F_GUEST_CSUM)) && net_csum_valid(frame, len))
        h.flags = VIRTIO_NET_HDR_F_DATA_VALID;
    vnet_scatter(first_iov, nfirst, 0, (const uint8_t *)&h, VNET_HDR);
    for (unsigned i = 0; i < nb; i++)
        vmm_vq_push(d, VNET_RX, used[i].head, used[i].len);
    return 1;
unpop:
    vmm_vq_unpop(d, VNET_RX, nb);
    return 0;
}

/* Does the device want the driver's QueueNotify when it posts receive
 * buffers?  Only while frames wait for them: each notify is a VM exit. */
static void vnet_rx_want_notify(struct vnet *n, int want)
{
    struct virtq_used *u = n->v.vq[VNET_RX].used;

    __atomic_store_n(&u->flags, want ? 0 : VIRTQ_USED_F_NO_NOTIFY, __ATOMIC_RELAXED);
    /* the flag before looking at the avail ring again (the driver writes
     * the ring, then reads the flag) */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Deliver what waits, in order, as far as the guest's buffers go. */
static void vnet_backlog_flush(struct vnet *n)
{
    while (n->bl_len) {
        struct vnet_frame *f = n->backlog[n->bl_head];
        if (vnet_deliver(n, f->data, f->len) == 0)
            break;
        free(f);
        n->bl_head = (n->bl_head + 1) % VNET_BACKLOG;
        n->bl_len--;
    }
    if (!n->bl_len)
        vnet_rx_want_notify(n, 0);
    vmm_vq_flush(&n->v, VNET_RX);
}

/* From the back end's thread (lock held): a frame for the guest. */
static void vnet_rx(void *opaque, const uint8_t *frame, size_t len)
{
    struct vnet *n = opaque;
    struct vnet_frame *f;

    if (!vmm_vq_usable(&n->v, VNET_RX) || len > VNET_FRAME_MAX)
        return;
    if (!n->bl_len && vnet_deliver(n, frame, len)) {
        vmm_vq_flush(&n->v, VNET_RX);
        return;
    }
    if (n->bl_len == VNET_BACKLOG || !(f = malloc(sizeof(*f) + len)))
        return; /* dropped, as by a NIC with a full ring */
    f->len = len;
    memcpy(f->data, frame, len);
    n->backlog[(n->bl_head + n->bl_len++) % VNET_BACKLOG] = f;
    vnet_rx_want_notify(n, 1);
    vnet_backlog_flush(n); /* buffers posted before the flag was seen */
}

/* A frame the guest left its checksum in: finish it (virtio 1.1 5.1.6.2).
 * Returns 0, or -EINVAL for offsets outside the frame: dropped, as
 * Linux's tun drops such a frame. */
static int vnet_tx_csum(struct vnet *n, size_t len)
{
    struct virtio_net_hdr h;

    memcpy(&h, n->tx, sizeof(h));
    if (!(h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) ||
        !(n->v.driver_features & (1ull << VIRTIO_NET_F_CSUM)))
        return 0;
    return net_csum_finish(n->tx + VNET_HDR, len - VNET_HDR, h.csum_start, h.csum_offset);
}

static void vnet_tx(struct vnet *n)
{
    struct vmm_virtio *d = &n->v;
    struct vmm_iov rd[VNET_MAXIOV], wr[1];
    uint16_t head;
    int sent = 0;

    for (;;) {
        int nrd = VNET_MAXIOV, nwr = 1;
        size_t len = 0;
        if (vmm_vq_pop(d, VNET_TX, rd, &nrd, wr, &nwr, &head) <= 0)
            break;
        for (int i = 0; i < nrd; i++) {
            size_t k = rd[i].len < sizeof(n->tx) - len ? rd[i].len : sizeof(n->tx) - len;
            memcpy(n->tx + len, rd[i].p, k);
            len += k;
        }
        if (len > VNET_HDR && vnet_tx_csum(n, len) == 0) {
            n->be->send(n->be, n->tx + VNET_HDR, len - VNET_HDR);
            sent = 1;
        }
        vmm_vq_push(d, VNET_TX, head, 0);
    }
    vmm_vq_flush(d, VNET_TX);
    if (sent && n->be->flush)
        n->be->flush(n->be);
}

static void vnet_notify(struct vmm_virtio *d, unsigned q)
{
    struct vnet *n = (struct vnet *)d;

    if (q == VNET_TX)
        vnet_tx(n);
    else
        vnet_backlog_flush(n);
}

static void vnet_reset(struct vmm_virtio *d)
{
    struct vnet *n = (struct vnet *)d;

    while (n->bl_len) {
        free(n->backlog[n->bl_head]);
        n->bl_head = (n->bl_head + 1) % VNET_BACKLOG;
        n->bl_len--;
    }
}

/* An empty virtio-mmio slot: reads 0 (no magic value), ignores writes. */
static int vnet_empty_access(struct vmm *vm, struct vmm_mmio *m, uint64_t off, uint8_t *data,
                             unsigned size, int write)
{
    if (!write)
        memset(data, 0, size);
    return 0;
}
static struct vmm_mmio vnet_empty_slot = {
    .base = NET_MMIO_BASE, .len = VIRTIO_MMIO_SIZE, .access = vnet_empty_access};

static const struct vmm_virtio_ops vnet_ops = {.notify = vnet_notify, .reset = vnet_reset};

int vmm_net_create(struct vmm *vm, const struct net_opts *o)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    struct vnet *n;
    struct net_guest g;
    int err;

    if (o->mode == NET_NONE)
        return 0;
    if (vm->irqchip == VMM_IRQCHIP_NONE) {
        /* no way to interrupt the guest: no NIC.  Unless networking was
         * asked for, the slot reads as empty and the program runs with
         * loopback only, as with --net none. */
        if (o->given || o->nports) {
            msg_err("networking needs KVM's in-kernel LAPIC (use --net none or --vmm qemu)");
            return -ENODEV;
        }
        msg_verb("no in-kernel LAPIC: no network device");
        return vmm_mmio_add(vm, &vnet_empty_slot);
    }
    n = calloc(1, sizeof(*n));
    if (!n)
        return -ENOMEM;
    n->v.device_id = VIRTIO_ID_NET;
    n->v.features = (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_NET_F_MAC) |
                    (1ull << VIRTIO_NET_F_STATUS) | (1ull << VIRTIO_NET_F_MRG_RXBUF) |
                    (1ull << VIRTIO_NET_F_CSUM) | (1ull << VIRTIO_NET_F_GUEST_CSUM);
    n->v.nvq = 2;
    memcpy(n->v.config + VIRTIO_NET_CFG_MAC, mac, 6);
    n->v.config[VIRTIO_NET_CFG_STATUS] = VIRTIO_NET_S_LINK_UP;
    n->v.config_len = 8;
    n->v.ops = &vnet_ops;
    err = vmm_ioapic_init(vm);
    err = err ?: vmm_virtio_init(vm, &n->v, NET_MMIO_BASE, NET_MMIO_GSI);
    if (err) {
        msg_err("virtio-net: %s", strerror(-err));
        free(n);
        return err;
    }
    g = (struct net_guest){.rx = vnet_rx, .opaque = n, .lock = &n->v.lock};
    n->be = o->mode == NET_TAP ? net_tap_start(o, &g) : net_slirp_start(o, &g);
    if (!n->be) {
        free(n);
        vm->nmmio = 0; /* nothing else registered MMIO yet */
        return -EIO;
    }
    vm->net = &n->v;
    return 0;
}

void vmm_net_destroy(struct vmm *vm)
{
    struct vnet *n = (struct vnet *)vm->net;

    if (!n)
        return;
    n->be->stop(n->be);
    vnet_reset(&n->v);
    free(n);
    vm->net = NULL;
}
