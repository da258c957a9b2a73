/* drivers/virtio_pci.c: virtio over PCI, modern interface (virtio 1.1 section 4.1).
 *
 * The set-up follows the same steps as virtio-mmio (drivers/virtio_mmio.c)
 * on the common configuration structure; the data path is one 16-bit store
 * to the queue's notify address.  Interrupts are MSI-X: table entry 0 is
 * configuration changes, entry 1 used buffers of every queue, each its own
 * LAPIC vector, so the handlers need not read the ISR (a VM exit).  A
 * device without MSI-X interrupts through its INTx line, at the IOAPIC
 * input the firmware wrote into the Interrupt Line register (QEMU's pc and
 * q35 connect PCI interrupt lines to the IOAPIC input of the same number);
 * the handler reads the ISR, which lowers the line.  Routed edge-triggered
 * like the virtio-mmio lines (arch/x86_64/irq.h): a device sharing the
 * line and holding it up would hide our edges, which QEMU's machines with
 * one NIC do not have.
 */
#include "drivers/virtio_pci.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "lib/printf.h"
#include "mm/mm.h"

#define PCI(d) ((struct virtio_pci *)(d)) /* dev is the first member */
#define MSIX_CONFIG 0                     /* table entries */
#define MSIX_VRING 1
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000
#define MSI_ADDR_APIC0 0xfee00000u /* fixed delivery, physical, APIC id 0 */
#define VIRTIO_NET_CFG_MIN 8       /* mac and status: drivers/virtio_net.c reads dwords 0 and 4 */

struct virtio_pci {
    struct virtio_dev dev; /* first: drivers get &p->dev */
    struct pci_dev pci;
    struct virtio_pci_caps caps;
    volatile uint8_t *common, *notify, *device;
    volatile uint32_t *msix; /* the table; NULL: INTx */
    volatile uint8_t *isr;
    uint8_t line; /* INTx: IOAPIC input */
    void (*vring)(void *), (*config)(void *);
    void *arg;
};

static uint8_t rd8(struct virtio_pci *p, unsigned off)
{
    return *(volatile uint8_t *)(p->common + off);
}

static uint16_t rd16(struct virtio_pci *p, unsigned off)
{
    return *(volatile uint16_t *)(p->common + off);
}

static uint32_t rd32(struct virtio_pci *p, unsigned off)
{
    return *(volatile uint32_t *)(p->common + off);
}

static void wr8(struct virtio_pci *p, unsigned off, uint8_t v)
{
    *(volatile uint8_t *)(p->common + off) = v;
}

static void wr16(struct virtio_pci *p, unsigned off, uint16_t v)
{
    *(volatile uint16_t *)(p->common + off) = v;
}

static void wr32(struct virtio_pci *p, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(p->common + off) = v;
}

uint32_t virtio_pci_id(const struct pci_dev *d)
{
    if (d->vendor != VIRTIO_PCI_VENDOR || d->hdr_type != 0)
        return 0;
    if (d->device > VIRTIO_PCI_DEVICE_MODERN && d->device <= VIRTIO_PCI_DEVICE_MODERN + 0x3f)
        return d->device - VIRTIO_PCI_DEVICE_MODERN;
    if (d->device == VIRTIO_PCI_DEVICE_LEGACY_NET)
        return VIRTIO_ID_NET;
    return 0;
}

static int virtio_pci_begin(struct virtio_dev *vd, uint64_t want)
{
    struct virtio_pci *p = PCI(vd);
    uint64_t have;
    int n;

    /* 4.1.4.3.2: after writing 0 the driver reads until the reset is done */
    wr8(p, VIRTIO_PCI_COMMON_STATUS, 0);
    for (n = 0; n < 1000 && rd8(p, VIRTIO_PCI_COMMON_STATUS); n++)
        __asm__ volatile("pause");
    if (n == 1000)
        return -EIO;
    wr8(p, VIRTIO_PCI_COMMON_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr32(p, VIRTIO_PCI_COMMON_DFSELECT, 1);
    have = (uint64_t)rd32(p, VIRTIO_PCI_COMMON_DF) << 32;
    wr32(p, VIRTIO_PCI_COMMON_DFSELECT, 0);
    have |= rd32(p, VIRTIO_PCI_COMMON_DF);
    vd->features = have & want;
    if (!(vd->features & (1ull << VIRTIO_F_VERSION_1)))
        goto fail;
    wr32(p, VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr32(p, VIRTIO_PCI_COMMON_GF, (uint32_t)(vd->features >> 32));
    wr32(p, VIRTIO_PCI_COMMON_GFSELECT, 0);
    wr32(p, VIRTIO_PCI_COMMON_GF, (uint32_t)vd->features);
    wr8(p, VIRTIO_PCI_COMMON_STATUS,
        VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    if (!(rd8(p, VIRTIO_PCI_COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        goto fail;
    return 0;
fail:
    wr8(p, VIRTIO_PCI_COMMON_STATUS, VIRTIO_STATUS_FAILED);
    return -ENODEV;
}

/* MSI-X table entry i: a message to the LAPIC of CPU 0 with vector, unmasked. */
static void msix_entry(struct virtio_pci *p, unsigned i, int vector)
{
    volatile uint32_t *e = p->msix + 4 * i;

    e[0] = MSI_ADDR_APIC0;
    e[1] = 0;
    e[2] = (uint32_t)vector; /* fixed, edge */
    e[3] = 0;                /* vector control: unmasked */
}

/* INTx: which events (reading the ISR clears it and lowers the line). */
static void virtio_pci_intx(void *arg)
{
    struct virtio_pci *p = arg;
    uint8_t isr = *p->isr;

    if ((isr & 2) && p->config)
        p->config(p->arg);
    if ((isr & 1) && p->vring)
        p->vring(p->arg);
}

static int virtio_pci_intr(struct virtio_dev *vd, void (*vring)(void *), void (*config)(void *),
                           void *arg)
{
    struct virtio_pci *p = PCI(vd);
    unsigned ctl_off = p->caps.msix_cap + 2;
    uint16_t ctl, want = VIRTIO_MSI_NO_VECTOR;
    int v;

    if (!p->msix) {
        v = irq_alloc(virtio_pci_intx, p);
        if (v < 0)
            return v;
        p->vring = vring;
        p->config = config;
        p->arg = arg;
        return ioapic_route(p->line, v);
    }
    if (p->caps.msix_n < 2)
        return -ENOSPC;
    if (config) {
        v = irq_alloc(config, arg);
        if (v < 0)
            return v;
        msix_entry(p, MSIX_CONFIG, v);
        want = MSIX_CONFIG;
    }
    v = irq_alloc(vring, arg);
    if (v < 0)
        return v;
    msix_entry(p, MSIX_VRING, v);
    ctl = pci_read16(&p->pci, ctl_off);
    ctl = (ctl & ~MSIX_CTRL_MASKALL) | MSIX_CTRL_ENABLE;
    pci_write16(&p->pci, ctl_off, ctl);
    /* the device says NO_VECTOR when it could not take the entry */
    wr16(p, VIRTIO_PCI_COMMON_MSIX, want);
    if (rd16(p, VIRTIO_PCI_COMMON_MSIX) != want)
        return -EIO;
    return 0;
}

static int virtio_pci_queue(struct virtio_dev *vd, struct virtq *q, unsigned index, unsigned num)
{
    struct virtio_pci *p = PCI(vd);
    uint64_t pa, noff;
    unsigned max;
    int err;

    wr16(p, VIRTIO_PCI_COMMON_Q_SELECT, index);
    max = rd16(p, VIRTIO_PCI_COMMON_Q_SIZE);
    if (!max)
        return -ENODEV;
    noff = (uint64_t)rd16(p, VIRTIO_PCI_COMMON_Q_NOFF) * p->caps.notify_mult;
    if (noff + 2 > p->caps.notify.len) /* a notify address outside the region */
        return -EIO;
    err = virtq_init(q, index, num > max ? max : num);
    if (err)
        return err;
    q->notify = p->notify + noff;
    q->notify16 = 1;
    if (q->num != max)
        wr16(p, VIRTIO_PCI_COMMON_Q_SIZE, q->num);
    if (p->msix) { /* else NO_VECTOR, from the reset */
        wr16(p, VIRTIO_PCI_COMMON_Q_MSIX, MSIX_VRING);
        if (rd16(p, VIRTIO_PCI_COMMON_Q_MSIX) != MSIX_VRING)
            return -EIO;
    }
    /* the high halves are 0 after the reset; written only when not 0 (each
     * access is a VM exit) */
    pa = VIRT_TO_PHYS(q->desc);
    wr32(p, VIRTIO_PCI_COMMON_Q_DESCLO, (uint32_t)pa);
    if (pa >> 32)
        wr32(p, VIRTIO_PCI_COMMON_Q_DESCHI, (uint32_t)(pa >> 32));
    pa = VIRT_TO_PHYS(q->avail);
    wr32(p, VIRTIO_PCI_COMMON_Q_AVAILLO, (uint32_t)pa);
    if (pa >> 32)
        wr32(p, VIRTIO_PCI_COMMON_Q_AVAILHI, (uint32_t)(pa >> 32));
    pa = VIRT_TO_PHYS(q->used);
    wr32(p, VIRTIO_PCI_COMMON_Q_USEDLO, (uint32_t)pa);
    if (pa >> 32)
        wr32(p, VIRTIO_PCI_COMMON_Q_USEDHI, (uint32_t)(pa >> 32));
    wr16(p, VIRTIO_PCI_COMMON_Q_ENABLE, 1);
    return 0;
}

static void virtio_pci_ready(struct virtio_dev *vd)
{
    wr8(PCI(vd), VIRTIO_PCI_COMMON_STATUS,
        VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
            VIRTIO_STATUS_DRIVER_OK);
}

static uint32_t virtio_pci_config32(struct virtio_dev *vd, unsigned off)
{
    struct virtio_pci *p = PCI(vd);

    if (off + 4 > p->caps.device.len)
        return 0;
    return *(volatile uint32_t *)(p->device + off);
}

static const struct virtio_ops virtio_pci_ops = {
    .begin = virtio_pci_begin,
    .intr = virtio_pci_intr,
    .queue = virtio_pci_queue,
    .ready = virtio_pci_ready,
    .config32 = virtio_pci_config32,
};

static uint32_t cfg_rd32(void *ctx, unsigned off)
{
    return pci_read32(ctx, off);
}

/* Map region r of a BAR at bar_pa. */
static volatile uint8_t *map_region(const struct virtio_pci_region *r, const uint64_t bar_pa[6])
{
    return pci_map(bar_pa[r->bar] + r->off, r->len);
}

struct virtio_dev *virtio_pci_probe(const struct pci_dev *d)
{
    struct virtio_pci *p = kzalloc(sizeof(*p));
    uint64_t bar_pa[6] = {0}, bar_size[6] = {0};
    const char *why = "no memory";
    int used[6] = {0};

    if (!p)
        goto err;
    p->pci = *d;
    why = "no virtio capabilities";
    if (virtio_pci_caps(cfg_rd32, (void *)&p->pci, &p->caps))
        goto err_free;
    if (!p->caps.msix_cap) {
        why = "no MSI-X, and no ISR or interrupt line for INTx";
        /* Interrupt Pin (1..4 for INTA..D) and Line, one dword */
        uint32_t pinline = pci_read32(&p->pci, 0x3c);
        p->line = pinline & 0xff;
        if (p->caps.isr.bar == 0xff || !((pinline >> 8) & 0xff) || p->line >= 24)
            goto err_free;
        used[p->caps.isr.bar] = 1;
    } else {
        used[p->caps.msix_table.bar] = 1;
    }
    used[p->caps.common.bar] = used[p->caps.notify.bar] = used[p->caps.device.bar] = 1;
    for (unsigned i = 0; i < 6; i++)
        if (used[i] && pci_bar(&p->pci, i, &bar_pa[i], &bar_size[i]))
            bar_size[i] = 0; /* not a usable BAR: the fit check refuses it */
    why = "capabilities outside their BARs";
    if (virtio_pci_caps_fit(&p->caps, bar_size,
                            virtio_pci_id(d) == VIRTIO_ID_NET ? VIRTIO_NET_CFG_MIN : 0))
        goto err_free;
    why = "no memory to map the BARs";
    p->common = map_region(&p->caps.common, bar_pa);
    p->notify = map_region(&p->caps.notify, bar_pa);
    p->device = map_region(&p->caps.device, bar_pa);
    if (p->caps.msix_cap)
        p->msix = (volatile uint32_t *)map_region(&p->caps.msix_table, bar_pa);
    else
        p->isr = map_region(&p->caps.isr, bar_pa);
    if (!p->common || !p->notify || !p->device || (!p->msix && !p->isr))
        goto err_free;
    pci_enable(&p->pci, p->msix != 0);
    p->dev.ops = &virtio_pci_ops;
    p->dev.device_id = virtio_pci_id(d);
    snprintf(p->dev.where, sizeof(p->dev.where), "pci %02x:%02x.%x bar%u %lx%s", d->bus, d->slot,
             d->fn, p->caps.common.bar, (unsigned long)bar_pa[p->caps.common.bar],
             p->msix ? "" : " intx");
    return &p->dev;

err_free:
    kfree(p);
err:
    kprintf("kiln: virtio-pci %02x:%02x.%x: %s; ignored\n", d->bus, d->slot, d->fn, why);
    return 0;
}
