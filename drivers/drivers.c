/* drivers/drivers.c: the boot-time device scan: virtio-mmio devices from the command line. */
#include "drivers/drivers.h"
#include "drivers/virtio_mmio.h"
#include "kernel/cmdline.h"
#include "include/linux/errno.h"
#include "kernel/console.h"

void drivers_init(const struct cmdline *cl)
{
    for (int i = 0; i < cl->nvirtio_mmio; i++) {
        struct virtio_mmio d;
        int err = virtio_mmio_probe(cl->virtio_mmio[i], &d);
        if (err) {
            if (err != -ENODEV)
                kprintf("kiln: virtio_mmio.device=%s: not understood\n", cl->virtio_mmio[i]);
            continue;
        }
        if (d.device_id == VIRTIO_ID_NET)
            err = virtio_net_probe(&d);
        else
            continue; /* a device kiln has no driver for yet */
        if (err)
            kprintf("kiln: virtio device %u at %lx: error %d; ignored\n", d.device_id, d.pa, err);
    }
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
