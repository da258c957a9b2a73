/* host/vmm/ioapic.c: a minimal IOAPIC (82093AA register interface) for the split irqchip.
 *
 * Only what a kernel needs to route edge-triggered device lines: IOREGSEL
 * and IOWIN, the ID, version and arbitration registers, and 24 redirection
 * entries.  A pulse on a pin becomes one MSI with the entry's vector,
 * destination and delivery mode (KVM_SIGNAL_MSI), which the in-kernel
 * LAPIC accepts like any interrupt.  Level-triggered entries are delivered
 * as edges: kiln's devices keep their line's state themselves and pulse
 * only on a rising edge.  A masked pin remembers one pulse for the unmask.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include "host/vmm/mmio.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_ID 0x00
#define IOAPIC_VER 0x01
#define IOAPIC_ARB 0x02
#define IOAPIC_REDTBL 0x10
#define IOAPIC_MASKED (1ull << 16)

static struct vmm_mmio ioapic_mmio; /* one VM per kiln process */

static int ioapic_send(struct vmm *vm, uint64_t e)
{
    struct kvm_msi msi = {
        /* destination (bits 56..63) and destination mode (bit 11) map
         * onto the MSI address; vector, delivery mode onto the data */
        .address_lo = 0xfee00000u | (uint32_t)((e >> 56) << 12) | (uint32_t)(((e >> 11) & 1) << 2),
        .data = (uint32_t)(e & 0x7ff),
    };

    return ioctl(vm->vm_fd, KVM_SIGNAL_MSI, &msi) < 0 ? -errno : 0;
}

int vmm_ioapic_pulse(struct vmm *vm, unsigned pin)
{
    struct vmm_ioapic *io = &vm->ioapic;
    uint64_t e;

    if (pin >= VMM_IOAPIC_NPINS)
        return -EINVAL;
    if (vm->irqchip == VMM_IRQCHIP_FULL) {
        struct kvm_irq_level l = {.irq = pin, .level = 1};
        if (ioctl(vm->vm_fd, KVM_IRQ_LINE, &l))
            return -errno;
        l.level = 0;
        return ioctl(vm->vm_fd, KVM_IRQ_LINE, &l) ? -errno : 0;
    }
    if (vm->irqchip != VMM_IRQCHIP_SPLIT)
        return -ENODEV;
    pthread_mutex_lock(&io->lock);
    e = io->redtbl[pin];
    if (e & IOAPIC_MASKED)
        io->pending |= 1u << pin;
    pthread_mutex_unlock(&io->lock);
    return e & IOAPIC_MASKED ? 0 : ioapic_send(vm, e);
}

static uint32_t ioapic_read(struct vmm_ioapic *io, uint32_t reg)
{
    unsigned pin = (reg - IOAPIC_REDTBL) / 2;

    switch (reg) {
    case IOAPIC_ID:
        return io->id;
    case IOAPIC_VER:
        return ((VMM_IOAPIC_NPINS - 1) << 16) | 0x11;
    case IOAPIC_ARB:
        return io->id;
    }
    if (reg >= IOAPIC_REDTBL && pin < VMM_IOAPIC_NPINS)
        return (uint32_t)(io->redtbl[pin] >> (reg & 1 ? 32 : 0));
    return 0;
}

/* Returns the entry to deliver now (a pulse held while masked), or 0. */
static uint64_t ioapic_write(struct vmm_ioapic *io, uint32_t reg, uint32_t v)
{
    unsigned pin = (reg - IOAPIC_REDTBL) / 2;
    uint64_t e;

    if (reg == IOAPIC_ID) {
        io->id = v & 0x0f000000u;
        return 0;
    }
    if (reg < IOAPIC_REDTBL || pin >= VMM_IOAPIC_NPINS)
        return 0;
    e = io->redtbl[pin];
    if (reg & 1)
        e = (e & 0xffffffffull) | ((uint64_t)v << 32);
    else /* delivery status and remote IRR (bits 12, 14) are read-only */
        e = (e & ~0xffffffffull) | (e & 0x5000) | (v & ~0x5000u);
    io->redtbl[pin] = e;
    if (!(e & IOAPIC_MASKED) && (io->pending & (1u << pin))) {
        io->pending &= ~(1u << pin);
        return e;
    }
    return 0;
}

static int ioapic_access(struct vmm *vm, struct vmm_mmio *m, uint64_t off, uint8_t *data,
                         unsigned size, int write)
{
    struct vmm_ioapic *io = &vm->ioapic;
    uint32_t v = 0;
    uint64_t fire = 0;

    if (size != 4 || (off != IOAPIC_REGSEL && off != IOAPIC_WIN)) {
        if (!write)
            memset(data, 0, size); /* reserved: reads as zero, writes ignored */
        return 0;
    }
    if (write)
        memcpy(&v, data, 4);
    pthread_mutex_lock(&io->lock);
    if (off == IOAPIC_REGSEL) {
        if (write)
            io->sel = v & 0xff;
        else
            v = io->sel;
    } else if (write) {
        fire = ioapic_write(io, io->sel, v);
    } else {
        v = ioapic_read(io, io->sel);
    }
    pthread_mutex_unlock(&io->lock);
    if (!write)
        memcpy(data, &v, 4);
    return fire ? ioapic_send(vm, fire) : 0;
}

int vmm_ioapic_init(struct vmm *vm)
{
    struct vmm_ioapic *io = &vm->ioapic;

    if (vm->irqchip != VMM_IRQCHIP_SPLIT)
        return 0; /* KVM's own IOAPIC, or none */
    pthread_mutex_init(&io->lock, NULL);
    for (int i = 0; i < VMM_IOAPIC_NPINS; i++)
        io->redtbl[i] = IOAPIC_MASKED;
    ioapic_mmio = (struct vmm_mmio){.base = VMM_IOAPIC_BASE, .len = 0x20, .access = ioapic_access};
    return vmm_mmio_add(vm, &ioapic_mmio);
}
