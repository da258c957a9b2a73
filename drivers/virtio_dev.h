/* drivers/virtio_dev.h: a virtio 1.x device as a driver sees it, whatever the transport.
 *
 * A transport (drivers/virtio_mmio.c, drivers/virtio_pci.c) finds a device,
 * fills a struct virtio_dev and does the set-up steps through its ops:
 *
 *   begin(want)            reset, ACKNOWLEDGE|DRIVER, features, FEATURES_OK
 *   intr(vring, config)    interrupt handlers for used buffers and config changes
 *   queue(q, index, num)   a split virtqueue, rings zeroed, enabled
 *   ready()                DRIVER_OK
 *
 * The data path does not go through the ops: a virtq carries the address
 * of its notify register, so virtq_publish() is a store (and only when the
 * device has not said it polls the queue).  Each register access is a VM
 * exit, and ring 0 is emulated at ~0.6 us/instruction on some hosts
 * (DESIGN.md section 7), so the transports do as few as the spec allows.
 */
#ifndef KILN_DRIVERS_VIRTIO_DEV_H
#define KILN_DRIVERS_VIRTIO_DEV_H

#include <stdint.h>
#include "drivers/virtio.h"

/* A split virtqueue as the driver keeps it; the rings live in one page. */
struct virtq {
    volatile void *notify; /* the queue's notify register */
    uint8_t notify16;      /* store 16 bits there (PCI), else 32 (MMIO) */
    uint16_t index, num;
    uint16_t avail_idx; /* next free avail slot (free-running) */
    uint16_t last_used; /* next used entry to look at (free-running) */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
};

struct virtio_dev;

struct virtio_ops {
    /* Reset, acknowledge, and agree on features: the device's features &
     * want.  VERSION_1 must be among them.  Returns 0 with d->features set,
     * or -ENODEV (the device refused; its status is FAILED). */
    int (*begin)(struct virtio_dev *d, uint64_t want);
    /* After begin, before queue: vring(arg) runs in interrupt context when
     * the device has used buffers of any queue, config(arg) when its
     * configuration changed (either may be NULL).  Returns 0 or -errno
     * (-ENOSPC: no vector left). */
    int (*intr)(struct virtio_dev *d, void (*vring)(void *), void (*config)(void *), void *arg);
    /* Set up queue index with at most num (<= 128) entries, rings zeroed,
     * interrupts to intr's vring handler.  Returns 0, -ENODEV (no such
     * queue), -EIO (the device did not take it), or -ENOMEM. */
    int (*queue)(struct virtio_dev *d, struct virtq *q, unsigned index, unsigned num);
    /* DRIVER_OK: the device may use the queues from now on. */
    void (*ready)(struct virtio_dev *d);
    /* An aligned 32-bit word of the device-specific configuration space. */
    uint32_t (*config32)(struct virtio_dev *d, unsigned off);
};

struct virtio_dev {
    const struct virtio_ops *ops;
    uint32_t device_id; /* VIRTIO_ID_* */
    uint64_t features;  /* negotiated, after begin */
    char where[40];     /* for messages: "mmio 0xfeb00e00 irq 12", "pci 00:03.0 msix" */
};

/* Publish q's avail slots up to q->avail_idx, and notify the device unless
 * it asked not to be (VIRTQ_USED_F_NO_NOTIFY). */
void virtq_publish(struct virtq *q);

/* Give q the rings of one fresh page for num entries (<= 128) and reset
 * its indexes; the caller tells the device where they are.  Returns 0 or
 * -ENOMEM. */
int virtq_init(struct virtq *q, unsigned index, unsigned num);

/* A page for rings or buffers, zero, or NULL. */
void *virtio_page(void);

/* Compiler-and-CPU ordering around ring updates.  x86 is TSO: stores are
 * not reordered with stores nor loads with loads, so a compiler barrier is
 * enough except for store->load, which needs a full fence. */
#define virtio_wmb() __asm__ volatile("" ::: "memory")
#define virtio_rmb() __asm__ volatile("" ::: "memory")
#define virtio_mb() __asm__ volatile("lock; addl $0, (%%rsp)" ::: "memory", "cc")

#endif
