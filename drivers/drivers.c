/* drivers/drivers.c: the boot-time device scan: virtio-mmio devices from the command line, then
 * virtio devices on the PCI bus (two port accesses when there is none). */
#include "drivers/drivers.h"
#include "drivers/i8259.h"
#include "drivers/pci.h"
#include "drivers/virtio_mmio.h"
#include "drivers/virtio_pci.h"
#include "kernel/cmdline.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "mm/mm.h"

/* Start the driver for d; a device kiln has no driver for is left alone.
 * Returns 1 when a driver tried d (keep it: a failed driver may have left
 * an interrupt handler pointing at it), else 0. */
static int drivers_start(struct virtio_dev *d)
{
    int err;

    if (d->device_id == VIRTIO_ID_NET)
        err = virtio_net_probe(d);
    else
        return 0; /* a device kiln has no driver for yet */
    if (err)
        kprintf("kiln: virtio device %u at %s: error %d; ignored\n", d->device_id, d->where, err);
    return 1;
}

/* pci_scan's callback: start the virtio functions. */
static int drivers_pci(const struct pci_dev *pd, void *arg)
{
    struct virtio_dev *d;

    if (!virtio_pci_id(pd))
        return 0;
    d = virtio_pci_probe(pd);
    if (d && !drivers_start(d))
        kfree(d); /* virtio_pci_probe's: dev is the first member */
    return 0;
}

void drivers_init(const struct cmdline *cl)
{
    struct virtio_mmio *m = NULL;

    for (int i = 0; i < cl->nvirtio_mmio; i++) {
        if (!m)
            m = kmalloc(sizeof(*m));
        if (!m)
            return;
        int err = virtio_mmio_probe(cl->virtio_mmio[i], m);
        if (err) {
            if (err != -ENODEV)
                kprintf("kiln: virtio_mmio.device=%s: not understood\n", cl->virtio_mmio[i]);
            continue;
        }
        if (drivers_start(&m->dev))
            m = NULL; /* the driver keeps it */
    }
    kfree(m);
    /* a PCI bus: a PC with firmware (QEMU pc, q35), whose 8259s are on */
    if (pci_scan(drivers_pci, 0) != -ENODEV)
        i8259_off();
}

/* Without net/'s version: nothing to wait for. */
__attribute__((weak)) void net_linger(void)
{
}

void drivers_quiesce(void)
{
    net_linger();
    virtio_net_quiesce();
}
