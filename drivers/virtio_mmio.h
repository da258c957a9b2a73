/* drivers/virtio_mmio.h: the guest side of virtio-mmio: find the devices the command line names
 * and drive them through struct virtio_dev (drivers/virtio_dev.h). */
#ifndef KILN_DRIVERS_VIRTIO_MMIO_H
#define KILN_DRIVERS_VIRTIO_MMIO_H

#include <stdint.h>
#include "drivers/virtio_dev.h"

struct virtio_mmio {
    struct virtio_dev dev;  /* first: drivers get &m->dev */
    volatile uint8_t *base; /* the register block, through the direct map */
    uint64_t pa;
    unsigned gsi; /* IOAPIC input of the device's interrupt line */
    void (*vring)(void *), (*config)(void *);
    void *arg;
};

/* Parse Linux's "SIZE@ADDR:IRQ[:ID]" (SIZE may end in K/M/G; numbers are
 * decimal or 0x hex).  Returns 0, or -EINVAL.  Pure code. */
int virtio_mmio_parse(const char *s, uint64_t *pa, uint64_t *size, unsigned *gsi);

/* Look at the device described by s (the value of virtio_mmio.device=):
 * fills *m (its dev.ops, dev.device_id, dev.where too) when a virtio 1.x
 * device answers there.  Returns 0, -ENODEV (no device, or a legacy one),
 * or -EINVAL (bad description). */
int virtio_mmio_probe(const char *s, struct virtio_mmio *m);

#endif
