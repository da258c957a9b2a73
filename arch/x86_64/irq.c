/* arch/x86_64/irq.c: the device-vector table, LAPIC EOI, and an IOAPIC driver.
 *
 * The IOAPIC is at its usual address, 0xfec00000 (QEMU microvm puts it there
 * and so does kiln's monitor, which emulates one in host/vmm/ioapic.c).  It
 * is programmed once per device at boot; the interrupt path itself touches
 * only the LAPIC EOI register.
 */
#include "arch/x86_64/irq.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"

#define LAPIC_EOI_PA 0xfee000b0ull
#define IOAPIC_PA 0xfec00000ull
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_PINS 24
#define IOAPIC_REDTBL 0x10

static struct {
    void (*fn)(void *arg);
    void *arg;
} irq_table[IRQ_VECTOR_END - IRQ_VECTOR_FIRST];
static int irq_next = IRQ_VECTOR_FIRST;

int irq_alloc(void (*fn)(void *arg), void *arg)
{
    if (irq_next >= IRQ_VECTOR_END)
        return -ENOSPC;
    irq_table[irq_next - IRQ_VECTOR_FIRST].arg = arg;
    irq_table[irq_next - IRQ_VECTOR_FIRST].fn = fn;
    return irq_next++;
}

void irq_dispatch(uint64_t vector)
{
    if (vector >= IRQ_VECTOR_FIRST && vector < IRQ_VECTOR_END) {
        unsigned i = vector - IRQ_VECTOR_FIRST;
        if (irq_table[i].fn)
            irq_table[i].fn(irq_table[i].arg);
    }
    *(volatile uint32_t *)PHYS_TO_VIRT(LAPIC_EOI_PA) = 0;
}

static void ioapic_write(unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)PHYS_TO_VIRT(IOAPIC_PA + IOAPIC_REGSEL) = reg;
    *(volatile uint32_t *)PHYS_TO_VIRT(IOAPIC_PA + IOAPIC_WIN) = v;
}

int ioapic_route(unsigned gsi, int vector)
{
    /* 24 inputs on every IOAPIC kiln meets (QEMU's, the monitor's); the
     * version register is not read, nor the high half written: it is 0
     * (destination APIC 0) from reset.  Each access is a VM exit. */
    if (gsi >= IOAPIC_PINS || vector < IRQ_VECTOR_FIRST || vector >= IRQ_VECTOR_END)
        return -EINVAL;
    ioapic_write(IOAPIC_REDTBL + 2 * gsi, (uint32_t)vector); /* fixed, physical, edge, high */
    return 0;
}
