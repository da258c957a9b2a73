/* drivers/virtio_mmio.c: the guest side of virtio-mmio (virtio 1.1 section 4.2), version 2 only.
 *
 * Every register access is a VM exit, so the set-up does only what the
 * spec requires and the data path touches one register: QueueNotify, and
 * only when the device has not said it is already polling the queue.  The
 * one interrupt line is shared by used buffers and configuration changes:
 * the handler reads and acknowledges InterruptStatus, then calls the
 * driver's handler for each.
 */
#include "drivers/virtio_mmio.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "include/linux/errno.h"
#include "lib/printf.h"

#define MMIO(d) ((struct virtio_mmio *)(d)) /* dev is the first member */

static uint32_t rd(struct virtio_mmio *d, unsigned reg)
{
    return *(volatile uint32_t *)(d->base + reg);
}

static void wr(struct virtio_mmio *d, unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)(d->base + reg) = v;
}

/* A number at *s (decimal or 0x hex); advances *s.  -1 if none. */
static int64_t parse_num(const char **s)
{
    const char *p = *s;
    uint64_t v = 0;
    int base = 10, any = 0;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        base = 16, p += 2;
    for (;; p++, any = 1) {
        int c = *p, dgt;
        if (c >= '0' && c <= '9')
            dgt = c - '0';
        else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            dgt = (c | 0x20) - 'a' + 10;
        else
            break;
        if (v >> 56)
            return -1;
        v = v * base + dgt;
    }
    *s = p;
    return any ? (int64_t)v : -1;
}

int virtio_mmio_parse(const char *s, uint64_t *pa, uint64_t *size, unsigned *gsi)
{
    int64_t sz = parse_num(&s), a, irq;

    if (sz <= 0)
        return -EINVAL;
    if (*s == 'K' || *s == 'k')
        sz <<= 10, s++;
    else if (*s == 'M' || *s == 'm')
        sz <<= 20, s++;
    else if (*s == 'G' || *s == 'g')
        sz <<= 30, s++;
    if (*s++ != '@')
        return -EINVAL;
    a = parse_num(&s);
    if (a < 0 || *s++ != ':')
        return -EINVAL;
    irq = parse_num(&s);
    if (irq < 0 || irq > 255 || (*s && *s != ':'))
        return -EINVAL;
    /* the direct map covers the low 4 GiB, where every monitor puts these */
    if ((uint64_t)a >= (1ull << 32) || (uint64_t)sz > (1ull << 32) - a || sz < VIRTIO_MMIO_SIZE)
        return -EINVAL;
    *pa = a;
    *size = sz;
    *gsi = irq;
    return 0;
}

static const struct virtio_ops virtio_mmio_ops;

int virtio_mmio_probe(const char *s, struct virtio_mmio *d)
{
    uint64_t size;

    if (virtio_mmio_parse(s, &d->pa, &size, &d->gsi))
        return -EINVAL;
    d->base = PHYS_TO_VIRT(d->pa);
    if (rd(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE || rd(d, VIRTIO_MMIO_VERSION) != 2)
        return -ENODEV;
    d->dev.device_id = rd(d, VIRTIO_MMIO_DEVICE_ID);
    d->dev.ops = &virtio_mmio_ops;
    snprintf(d->dev.where, sizeof(d->dev.where), "%lx irq %u", (unsigned long)d->pa, d->gsi);
    return d->dev.device_id ? 0 : -ENODEV; /* 0: an empty slot */
}

static int virtio_mmio_begin(struct virtio_dev *vd, uint64_t want)
{
    struct virtio_mmio *d = MMIO(vd);
    uint64_t have;

    wr(d, VIRTIO_MMIO_STATUS, 0);
    wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    have = (uint64_t)rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
    wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    have |= rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
    vd->features = have & want;
    if (!(vd->features & (1ull << VIRTIO_F_VERSION_1)))
        goto fail;
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(vd->features >> 32));
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)vd->features);
    wr(d, VIRTIO_MMIO_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    if (!(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        goto fail;
    return 0;
fail:
    wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
    return -ENODEV;
}

/* The device's line: which events, acknowledged before the driver looks
 * at its rings (so none is lost between the two; arch/x86_64/irq.h). */
static void virtio_mmio_irq(void *arg)
{
    struct virtio_mmio *d = arg;
    uint32_t isr = rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);

    if (isr)
        wr(d, VIRTIO_MMIO_INTERRUPT_ACK, isr);
    if ((isr & VIRTIO_MMIO_INT_CONFIG) && d->config)
        d->config(d->arg);
    if ((isr & VIRTIO_MMIO_INT_VRING) && d->vring)
        d->vring(d->arg);
}

static int virtio_mmio_intr(struct virtio_dev *vd, void (*vring)(void *), void (*config)(void *),
                            void *arg)
{
    struct virtio_mmio *d = MMIO(vd);
    int vector = irq_alloc(virtio_mmio_irq, d);

    if (vector < 0)
        return vector;
    d->vring = vring;
    d->config = config;
    d->arg = arg;
    return ioapic_route(d->gsi, vector);
}

static int virtio_mmio_queue(struct virtio_dev *vd, struct virtq *q, unsigned index, unsigned num)
{
    struct virtio_mmio *d = MMIO(vd);
    uint32_t max;
    uint64_t pa;
    int err;

    wr(d, VIRTIO_MMIO_QUEUE_SEL, index);
    max = rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
    if (!max) /* QueueReady is 0: virtio_mmio_begin reset the device */
        return -ENODEV;
    err = virtq_init(q, index, num > max ? max : num);
    if (err)
        return err;
    q->notify = d->base + VIRTIO_MMIO_QUEUE_NOTIFY;
    q->notify16 = 0;
    wr(d, VIRTIO_MMIO_QUEUE_NUM, q->num);
    /* the high halves are 0 after the reset; written only when not 0 (each
     * access is a VM exit) */
    pa = VIRT_TO_PHYS(q->desc);
    wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)pa);
    if (pa >> 32)
        wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(pa >> 32));
    pa = VIRT_TO_PHYS(q->avail);
    wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)pa);
    if (pa >> 32)
        wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(pa >> 32));
    pa = VIRT_TO_PHYS(q->used);
    wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)pa);
    if (pa >> 32)
        wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(pa >> 32));
    wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
    return 0;
}

static void virtio_mmio_ready(struct virtio_dev *vd)
{
    wr(MMIO(vd), VIRTIO_MMIO_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
           VIRTIO_STATUS_DRIVER_OK);
}

static uint32_t virtio_mmio_config32(struct virtio_dev *vd, unsigned off)
{
    return *(volatile uint32_t *)(MMIO(vd)->base + VIRTIO_MMIO_CONFIG + off);
}

static const struct virtio_ops virtio_mmio_ops = {
    .begin = virtio_mmio_begin,
    .intr = virtio_mmio_intr,
    .queue = virtio_mmio_queue,
    .ready = virtio_mmio_ready,
    .config32 = virtio_mmio_config32,
};
