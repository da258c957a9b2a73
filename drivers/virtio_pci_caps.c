/* drivers/virtio_pci_caps.c: reading a virtio-pci function's capability list (virtio 1.1 4.1.4).
 *
 * Pure code over a configuration-space reader, so tests can hand it
 * hostile spaces: the walk is bounded, never reads past offset 255, and
 * every region it reports is checked against its BAR before it is mapped.
 */
#include "drivers/virtio_pci.h"
#include "include/linux/errno.h"

#define CAPS_MAX 48 /* (256 - 64) / 4: more means a loop */

static void region(struct virtio_pci_region *r, uint32_t bar, uint32_t off, uint32_t len)
{
    r->bar = bar;
    r->off = off;
    r->len = len;
}

int virtio_pci_caps(uint32_t (*rd32)(void *ctx, unsigned off), void *ctx, struct virtio_pci_caps *c)
{
    struct virtio_pci_region *by_type[5] = {0, &c->common, &c->notify, &c->isr, &c->device};
    unsigned ptr;

    *c = (struct virtio_pci_caps){0};
    c->common.bar = c->notify.bar = c->isr.bar = c->device.bar = c->msix_table.bar = 0xff;
    if (!((rd32(ctx, PCI_COMMAND) >> 16) & PCI_STATUS_CAP_LIST))
        return -ENODEV;
    ptr = rd32(ctx, PCI_CAP_PTR) & 0xfc;
    for (int n = 0; n < CAPS_MAX && ptr >= 0x40; n++) {
        uint32_t hdr = rd32(ctx, ptr);
        unsigned id = hdr & 0xff, next = (hdr >> 8) & 0xfc, caplen = (hdr >> 16) & 0xff;
        unsigned type = hdr >> 24;

        if (id == PCI_CAP_ID_VNDR && type >= 1 && type <= 4 && caplen >= 16 &&
            ptr + caplen <= 256 && by_type[type]->bar == 0xff &&
            (type != VIRTIO_PCI_CAP_NOTIFY_CFG || caplen >= 20)) {
            uint32_t bar = rd32(ctx, ptr + 4) & 0xff;
            if (bar <= 5) {
                region(by_type[type], bar, rd32(ctx, ptr + 8), rd32(ctx, ptr + 12));
                if (type == VIRTIO_PCI_CAP_NOTIFY_CFG)
                    c->notify_mult = rd32(ctx, ptr + 16);
            }
        } else if (id == PCI_CAP_ID_MSIX && !c->msix_cap && ptr + 12 <= 256) {
            uint32_t table = rd32(ctx, ptr + 4);
            if ((table & 7) <= 5) {
                c->msix_cap = ptr;
                c->msix_n = ((hdr >> 16) & 0x7ff) + 1;
                region(&c->msix_table, table & 7, table & ~7u, 16u * c->msix_n);
            }
        }
        ptr = next;
    }
    if (c->common.bar == 0xff || c->notify.bar == 0xff || c->device.bar == 0xff)
        return -ENODEV;
    return 0;
}

/* Does r lie in its BAR and hold at least min bytes? */
static int fits(const struct virtio_pci_region *r, const uint64_t bar_size[6], uint32_t min)
{
    return r->bar <= 5 && r->len >= min && (uint64_t)r->off + r->len <= bar_size[r->bar];
}

int virtio_pci_caps_fit(const struct virtio_pci_caps *c, const uint64_t bar_size[6],
                        uint32_t need_dev)
{
    if (!fits(&c->common, bar_size, VIRTIO_PCI_COMMON_SIZE) || !fits(&c->notify, bar_size, 2) ||
        !fits(&c->device, bar_size, need_dev))
        return -ENODEV;
    if (c->isr.bar != 0xff && !fits(&c->isr, bar_size, 1))
        return -ENODEV;
    if (c->msix_cap && !fits(&c->msix_table, bar_size, 16u * c->msix_n))
        return -ENODEV;
    return 0;
}
