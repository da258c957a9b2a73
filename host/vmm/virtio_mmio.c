/* host/vmm/virtio_mmio.c: virtio-mmio version 2 registers and split virtqueues, device side.
 * (virtio 1.1 sections 2.6 and 4.2; the contract is in host/vmm/virtio.h.) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "host/msg.h"
#include "host/vmm/virtio.h"

#define VIRTIO_VENDOR 0x4e4c494b /* "KILN" */

static void vmm_virtio_break(struct vmm_virtio *d, const char *why)
{
    if (!d->broken)
        msg_err("guest virtio device %u: %s; device stopped", d->device_id, why);
    d->broken = 1;
    d->status |= VIRTIO_STATUS_NEEDS_RESET;
}

static void vmm_virtio_reset(struct vmm_virtio *d)
{
    memset(d->vq, 0, sizeof(d->vq));
    d->driver_features = 0;
    d->dfsel = d->gfsel = d->qsel = d->status = d->isr = 0;
    d->broken = 0;
    if (d->ops->reset)
        d->ops->reset(d);
}

/* Check the rings of q and map them; on failure the queue stays not ready. */
static void vmm_vq_enable(struct vmm_virtio *d, struct vmm_vq *q)
{
    uint64_t n = q->num;

    if (!n || (q->desc_gpa & 15) || (q->avail_gpa & 1) || (q->used_gpa & 3)) {
        vmm_virtio_break(d, "misaligned or empty virtqueue");
        return;
    }
    q->desc = vmm_gpa(d->vm, q->desc_gpa, 16 * n);
    q->avail = vmm_gpa(d->vm, q->avail_gpa, 6 + 2 * n);
    q->used = vmm_gpa(d->vm, q->used_gpa, 6 + 8 * n);
    if (!q->desc || !q->avail || !q->used) {
        vmm_virtio_break(d, "virtqueue outside guest RAM");
        return;
    }
    q->ready = 1;
}

int vmm_vq_usable(struct vmm_virtio *d, unsigned q)
{
    return q < d->nvq && d->vq[q].ready && !d->broken && (d->status & VIRTIO_STATUS_DRIVER_OK);
}

int vmm_vq_pop(struct vmm_virtio *d, unsigned qi, struct vmm_iov *rd, int *nrd, struct vmm_iov *wr,
               int *nwr, uint16_t *head)
{
    struct vmm_vq *q = &d->vq[qi];
    int maxrd = *nrd, maxwr = *nwr;
    uint16_t avail = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE), i;

    *nrd = *nwr = 0;
    if (avail == q->last_avail)
        return 0;
    if ((uint16_t)(avail - q->last_avail) > q->num) {
        vmm_virtio_break(d, "avail index ran ahead of the queue");
        return -EIO;
    }
    i = __atomic_load_n(&q->avail->ring[q->last_avail % q->num], __ATOMIC_RELAXED);
    *head = i;
    for (unsigned steps = 0;; steps++) {
        struct virtq_desc desc;
        struct vmm_iov v;
        if (i >= q->num || steps >= q->num) {
            vmm_virtio_break(d, "bad descriptor index or a loop");
            return -EIO;
        }
        memcpy(&desc, &q->desc[i], sizeof(desc)); /* read once: the guest may change it */
        if (desc.flags & VIRTQ_DESC_F_INDIRECT) {
            vmm_virtio_break(d, "indirect descriptor (not offered)");
            return -EIO;
        }
        v.p = vmm_gpa(d->vm, desc.addr, desc.len);
        v.len = desc.len;
        if (!v.p) {
            vmm_virtio_break(d, "descriptor outside guest RAM");
            return -EIO;
        }
        if (desc.flags & VIRTQ_DESC_F_WRITE) {
            if (*nwr >= maxwr) {
                vmm_virtio_break(d, "descriptor chain too long");
                return -EIO;
            }
            wr[(*nwr)++] = v;
        } else {
            if (*nwr || *nrd >= maxrd) { /* readable ones come first (2.6.4.2) */
                vmm_virtio_break(d, "descriptor chain too long or out of order");
                return -EIO;
            }
            rd[(*nrd)++] = v;
        }
        if (!(desc.flags & VIRTQ_DESC_F_NEXT))
            break;
        i = desc.next;
    }
    q->last_avail++;
    return 1;
}

void vmm_vq_unpop(struct vmm_virtio *d, unsigned q, unsigned n)
{
    d->vq[q].last_avail -= n;
}

void vmm_vq_push(struct vmm_virtio *d, unsigned qi, uint16_t head, uint32_t len)
{
    struct vmm_vq *q = &d->vq[qi];
    struct virtq_used_elem *e = &q->used->ring[q->used_idx % q->num];

    e->id = head;
    e->len = len;
    q->used_idx++;
}

void vmm_vq_flush(struct vmm_virtio *d, unsigned qi)
{
    struct vmm_vq *q = &d->vq[qi];

    if (q->used_idx == q->used_seen)
        return;
    q->used_seen = q->used_idx;
    __atomic_store_n(&q->used->idx, q->used_idx, __ATOMIC_RELEASE);
    /* the index before the flag: pairs with the driver's unmute-then-look */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&q->avail->flags, __ATOMIC_RELAXED) & VIRTQ_AVAIL_F_NO_INTERRUPT)
        return;
    if (!(d->isr & VIRTIO_MMIO_INT_VRING)) { /* a rising edge of the line */
        d->isr |= VIRTIO_MMIO_INT_VRING;
        vmm_ioapic_pulse(d->vm, d->gsi);
    }
}

static uint32_t vmm_virtio_read(struct vmm_virtio *d, uint64_t off)
{
    struct vmm_vq *q = d->qsel < d->nvq ? &d->vq[d->qsel] : NULL;

    switch (off) {
    case VIRTIO_MMIO_MAGIC:
        return VIRTIO_MMIO_MAGIC_VALUE;
    case VIRTIO_MMIO_VERSION:
        return 2;
    case VIRTIO_MMIO_DEVICE_ID:
        return d->device_id;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRTIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return d->dfsel < 2 ? (uint32_t)(d->features >> (32 * d->dfsel)) : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        return q ? VMM_VIRTIO_QMAX : 0;
    case VIRTIO_MMIO_QUEUE_READY:
        return q ? q->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return d->isr;
    case VIRTIO_MMIO_STATUS:
        return d->status;
    default: /* CONFIG_GENERATION: the config space never changes under the driver */
        return 0;
    }
}

static void vmm_virtio_status(struct vmm_virtio *d, uint32_t v)
{
    if (!v) {
        vmm_virtio_reset(d);
        return;
    }
    if ((v & VIRTIO_STATUS_FEATURES_OK) && !(d->status & VIRTIO_STATUS_FEATURES_OK) &&
        ((d->driver_features & ~d->features) ||
         !(d->driver_features & (1ull << VIRTIO_F_VERSION_1))))
        v &= ~VIRTIO_STATUS_FEATURES_OK; /* refused: the driver reads it back */
    d->status = v | (d->status & VIRTIO_STATUS_NEEDS_RESET);
}

static void vmm_virtio_write(struct vmm_virtio *d, uint64_t off, uint32_t v)
{
    struct vmm_vq *q = d->qsel < d->nvq ? &d->vq[d->qsel] : NULL;
    int setup = !(d->status & VIRTIO_STATUS_FEATURES_OK);

    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        d->dfsel = v;
        return;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        d->gfsel = v;
        return;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (setup && d->gfsel < 2) {
            int sh = 32 * d->gfsel;
            d->driver_features =
                (d->driver_features & ~(0xffffffffull << sh)) | ((uint64_t)v << sh);
        }
        return;
    case VIRTIO_MMIO_QUEUE_SEL:
        d->qsel = v;
        return;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        if (vmm_vq_usable(d, v))
            d->ops->notify(d, v);
        return;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        d->isr &= ~v;
        return;
    case VIRTIO_MMIO_STATUS:
        vmm_virtio_status(d, v);
        return;
    }
    if (!q || q->ready) { /* the queue registers are frozen while it runs */
        if (q && off == VIRTIO_MMIO_QUEUE_READY && !v)
            q->ready = 0;
        return;
    }
    switch (off) {
    case VIRTIO_MMIO_QUEUE_NUM:
        if (v && v <= VMM_VIRTIO_QMAX && !(v & (v - 1)))
            q->num = v;
        else
            vmm_virtio_break(d, "bad queue size");
        return;
    case VIRTIO_MMIO_QUEUE_READY:
        if (v)
            vmm_vq_enable(d, q);
        return;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
        q->desc_gpa = (q->desc_gpa & ~0xffffffffull) | v;
        return;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        q->desc_gpa = (q->desc_gpa & 0xffffffffull) | ((uint64_t)v << 32);
        return;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
        q->avail_gpa = (q->avail_gpa & ~0xffffffffull) | v;
        return;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        q->avail_gpa = (q->avail_gpa & 0xffffffffull) | ((uint64_t)v << 32);
        return;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
        q->used_gpa = (q->used_gpa & ~0xffffffffull) | v;
        return;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        q->used_gpa = (q->used_gpa & 0xffffffffull) | ((uint64_t)v << 32);
        return;
    }
}

static int vmm_virtio_access(struct vmm *vm, struct vmm_mmio *m, uint64_t off, uint8_t *data,
                             unsigned size, int write)
{
    struct vmm_virtio *d = m->priv;
    uint32_t v = 0;

    pthread_mutex_lock(&d->lock);
    if (off >= VIRTIO_MMIO_CONFIG) {
        off -= VIRTIO_MMIO_CONFIG;
        /* the config space is read-only for the devices kiln has */
        if (!write) {
            memset(data, 0, size);
            if (off < d->config_len)
                memcpy(data, d->config + off,
                       size < d->config_len - off ? size : d->config_len - off);
        }
    } else if (size != 4 || (off & 3)) {
        if (!write) /* registers are 32-bit only (4.2.2.2) */
            memset(data, 0, size);
    } else if (write) {
        memcpy(&v, data, 4);
        vmm_virtio_write(d, off, v);
    } else {
        v = vmm_virtio_read(d, off);
        memcpy(data, &v, 4);
    }
    pthread_mutex_unlock(&d->lock);
    return 0;
}

int vmm_virtio_init(struct vmm *vm, struct vmm_virtio *d, uint64_t base, unsigned gsi)
{
    pthread_mutexattr_t a;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&d->lock, &a);
    pthread_mutexattr_destroy(&a);
    d->vm = vm;
    d->gsi = gsi;
    d->mmio = (struct vmm_mmio){
        .base = base, .len = VIRTIO_MMIO_SIZE, .access = vmm_virtio_access, .priv = d};
    return vmm_mmio_add(vm, &d->mmio);
}
