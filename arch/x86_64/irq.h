/* arch/x86_64/irq.h: device interrupts: vectors, handlers, EOI, and the IOAPIC.
 *
 * Vector 32 is the LAPIC timer and never goes through this table (trap.c
 * tests it first, so the timer path costs one compare more than before).
 * Vectors 33..47 are for devices: a driver asks for one with irq_alloc(),
 * then routes its interrupt line there with ioapic_route().  The IDT has 48
 * entries (arch/x86_64/cpu.c), so there are 15 device vectors.
 */
#ifndef KILN_ARCH_IRQ_H
#define KILN_ARCH_IRQ_H

#include <stdint.h>

#define IRQ_VECTOR_TIMER 32
#define IRQ_VECTOR_FIRST 33
#define IRQ_VECTOR_END 48

/* Give fn(arg) the next free device vector.  fn runs in interrupt context
 * with interrupts off, on whatever stack was interrupted (user: the task's
 * kernel stack); it must be short and must not sleep.  The LAPIC EOI is
 * sent by irq_dispatch after fn returns.  Returns the vector, or -ENOSPC. */
int irq_alloc(void (*fn)(void *arg), void *arg);

/* Run the handler of a device vector (called by trap_handle for vectors
 * above the timer's), then EOI.  A vector without a handler is only
 * acknowledged. */
void irq_dispatch(uint64_t vector);

/* Send the IOAPIC's input line gsi to vector on CPU 0: edge-triggered,
 * active high, unmasked.  Edge, because the monitor and QEMU raise virtio
 * lines until the driver acknowledges in the device, and the driver does
 * that before it looks at its rings (so no event is lost between the two).
 * Returns 0, or -EINVAL if the IOAPIC has no such input. */
int ioapic_route(unsigned gsi, int vector);

#endif
