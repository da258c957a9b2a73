/* drivers/drivers.c: the boot-time device scan: virtio-mmio devices from the command line. */
#include "drivers/drivers.h"
#include "drivers/virtio_mmio.h"
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
