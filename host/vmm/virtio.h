/* host/vmm/virtio.h: the device side of virtio-mmio in kiln's monitor: registers, split virtqueues.
 *
 * A device (host/vmm/virtio_net.c) embeds struct vmm_virtio and supplies
 * ops; host/vmm/virtio_mmio.c serves the register block and walks the
 * rings.  Everything about the rings comes from the guest and is checked:
 * ring addresses once when the driver sets QueueReady (through vmm_gpa),
 * every descriptor's buffer on every use (through vmm_gpa), descriptor
 * indexes against the queue size, chains against loops.  A device that
 * sees a bad ring stops using it (status NEEDS_RESET) and says so once; it
 * never trusts a bad value.
 *
 * Locking: d->lock (recursive) guards the device and its rings; the vCPU
 * thread holds it for a register access, a back-end thread for delivering
 * frames.  The ops run with it held.
 */
#ifndef KILN_HOST_VMM_VIRTIO_H
#define KILN_HOST_VMM_VIRTIO_H

#include <pthread.h>
#include <stdint.h>
#include "drivers/virtio.h"
#include "host/vmm/mmio.h"

#define VMM_VIRTIO_MAXQ 2
#define VMM_VIRTIO_QMAX 256 /* QueueNumMax */

struct vmm_vq {
    uint16_t num; /* the driver's QueueNum */
    uint32_t ready;
    uint64_t desc_gpa, avail_gpa, used_gpa;
    struct virtq_desc *desc; /* host views, valid while ready */
    struct virtq_avail *avail;
    struct virtq_used *used;
    uint16_t last_avail; /* next avail entry to take */
    uint16_t used_idx;   /* next used entry to fill (published by vmm_vq_flush) */
    uint16_t used_seen;  /* used_idx at the last flush */
};

struct vmm_virtio;
struct vmm_virtio_ops {
    void (*notify)(struct vmm_virtio *d, unsigned q); /* QueueNotify, driver ready */
    void (*reset)(struct vmm_virtio *d);              /* status written 0 */
};

struct vmm_virtio {
    struct vmm *vm;
    struct vmm_mmio mmio;
    unsigned gsi;
    uint32_t device_id;
    uint64_t features;        /* offered */
    uint64_t driver_features; /* accepted by the driver */
    uint32_t dfsel, gfsel, qsel, status, isr;
    struct vmm_vq vq[VMM_VIRTIO_MAXQ];
    unsigned nvq;
    uint8_t config[16];
    unsigned config_len;
    const struct vmm_virtio_ops *ops;
    pthread_mutex_t lock;
    int broken; /* a bad ring was seen: nothing more until a reset */
};

/* One piece of a descriptor chain, as a host pointer already checked. */
struct vmm_iov {
    uint8_t *p;
    uint32_t len;
};

/* Fill in the register block at base (VIRTIO_MMIO_SIZE bytes), interrupt
 * on IOAPIC pin gsi, and put it on the MMIO bus.  The caller set
 * device_id, features, nvq, config, ops.  Returns 0 or -errno. */
int vmm_virtio_init(struct vmm *vm, struct vmm_virtio *d, uint64_t base, unsigned gsi);

/* Is queue q usable (driver ready, queue ready, device not broken)? */
int vmm_vq_usable(struct vmm_virtio *d, unsigned q);

/* Take the next available chain of queue q: its device-readable pieces
 * into rd (at most *nrd, updated), its device-writable ones into wr (at
 * most *nwr, updated), head index into *head.  Returns 1, 0 when the queue
 * is empty, or -EIO for a bad chain (the device is then broken). */
int vmm_vq_pop(struct vmm_virtio *d, unsigned q, struct vmm_iov *rd, int *nrd, struct vmm_iov *wr,
               int *nwr, uint16_t *head);

/* Give back the n chains taken last and not yet pushed. */
void vmm_vq_unpop(struct vmm_virtio *d, unsigned q, unsigned n);

/* Chain head is done; len bytes were written into it. */
void vmm_vq_push(struct vmm_virtio *d, unsigned q, uint16_t head, uint32_t len);

/* Publish the pushed chains and interrupt the driver unless it asked not
 * to be (VIRTQ_AVAIL_F_NO_INTERRUPT). */
void vmm_vq_flush(struct vmm_virtio *d, unsigned q);

#endif
