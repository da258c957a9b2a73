/* drivers/virtio_mmio.h: the guest side of virtio-mmio: find devices, negotiate, set up split
 * virtqueues. */
#ifndef KILN_DRIVERS_VIRTIO_MMIO_H
#define KILN_DRIVERS_VIRTIO_MMIO_H

#include <stdint.h>
#include "drivers/virtio.h"

struct virtio_mmio {
    volatile uint8_t *base; /* the register block, through the direct map */
    uint64_t pa;
    unsigned gsi; /* IOAPIC input of the device's interrupt line */
    uint32_t device_id;
    uint64_t features; /* negotiated */
};

/* A split virtqueue as the driver keeps it; the rings live in one page. */
struct virtq {
    struct virtio_mmio *dev;
    uint16_t index, num;
    uint16_t avail_idx; /* next free avail slot (free-running) */
    uint16_t last_used; /* next used entry to look at (free-running) */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
};

/* Parse Linux's "SIZE@ADDR:IRQ[:ID]" (SIZE may end in K/M/G; numbers are
 * decimal or 0x hex).  Returns 0, or -EINVAL.  Pure code. */
int virtio_mmio_parse(const char *s, uint64_t *pa, uint64_t *size, unsigned *gsi);

/* Look at the device described by s (the value of virtio_mmio.device=):
 * fills *d when a virtio 1.x device answers there.  Returns 0, -ENODEV
 * (no device, or a legacy one), or -EINVAL (bad description). */
int virtio_mmio_probe(const char *s, struct virtio_mmio *d);

/* Reset, acknowledge, and agree on features: the device's features & want.
 * VERSION_1 must be among them.  Returns 0 with d->features set, or -ENODEV
 * (the device refused; its status is FAILED). */
int virtio_mmio_begin(struct virtio_mmio *d, uint64_t want);

/* Set up queue index with at most num (<= 128) entries, rings zeroed.
 * Returns 0, -ENODEV (no such queue), or -ENOMEM. */
int virtio_mmio_queue(struct virtio_mmio *d, struct virtq *q, unsigned index, unsigned num);

/* DRIVER_OK: the device may use the queues from now on. */
void virtio_mmio_ready(struct virtio_mmio *d);

/* Read and acknowledge the interrupt status (VIRTIO_MMIO_INT_*). */
uint32_t virtio_mmio_ack(struct virtio_mmio *d);

/* Publish q's avail slots up to q->avail_idx, and notify the device unless
 * it asked not to be (VIRTQ_USED_F_NO_NOTIFY). */
void virtq_publish(struct virtq *q);

/* Read a byte, or an aligned 32-bit word, of the device-specific configuration space. */
uint8_t virtio_mmio_config8(struct virtio_mmio *d, unsigned off);
uint32_t virtio_mmio_config32(struct virtio_mmio *d, unsigned off);

/* A page for rings or buffers, zero, or NULL. */
void *virtio_page(void);

/* Compiler-and-CPU ordering around ring updates.  x86 is TSO: stores are
 * not reordered with stores nor loads with loads, so a compiler barrier is
 * enough except for store->load, which needs a full fence. */
#define virtio_wmb() __asm__ volatile("" ::: "memory")
#define virtio_rmb() __asm__ volatile("" ::: "memory")
#define virtio_mb() __asm__ volatile("lock; addl $0, (%%rsp)" ::: "memory", "cc")

#endif
