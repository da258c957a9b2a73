/* host/vmm/mmio.h: memory-mapped devices of the monitor (KVM_EXIT_MMIO), and interrupts.
 *
 * Unlike port devices (io.h), these exist only when asked for (a NIC with
 * --net), so they register at run time with vmm_mmio_add().  Interrupts:
 * the monitor's split irqchip has no IOAPIC in KVM, so host/vmm/ioapic.c
 * emulates one (the guest programs it as on QEMU microvm) and turns a pin
 * into a KVM_SIGNAL_MSI to the in-kernel LAPIC; with the full irqchip KVM's
 * own IOAPIC gets the pin through KVM_IRQ_LINE.
 */
#ifndef KILN_HOST_VMM_MMIO_H
#define KILN_HOST_VMM_MMIO_H

#include <stdint.h>
#include "host/vmm/vmm.h"

#define VMM_IOAPIC_BASE 0xfec00000ull

struct vmm_mmio {
    uint64_t base, len; /* guest-physical [base, base + len) */
    /* One access of size 1, 2, 4 or 8 bytes at offset off (inside the
     * range): fill data for a read, use it for a write.  Returns 0, or
     * -EOPNOTSUPP to stop the guest (fail closed). */
    int (*access)(struct vmm *vm, struct vmm_mmio *m, uint64_t off, uint8_t *data, unsigned size,
                  int write);
    void *priv;
};

/* Register m (not copied; must outlive the VM).  Returns 0 or -ENOSPC. */
int vmm_mmio_add(struct vmm *vm, struct vmm_mmio *m);

/* Serve one KVM_EXIT_MMIO.  Returns 0, or -ENODEV / -EOPNOTSUPP (the caller
 * stops the guest and says where). */
int vmm_mmio(struct vmm *vm, uint64_t gpa, uint8_t *data, unsigned size, int write);

/* Put the emulated IOAPIC on the MMIO bus (split irqchip only; a no-op
 * otherwise).  Returns 0 or -errno. */
int vmm_ioapic_init(struct vmm *vm);

/* An edge on IOAPIC input pin: the interrupt reaches the vCPU if the guest
 * routed and unmasked the pin.  Any thread.  Returns 0 or -errno. */
int vmm_ioapic_pulse(struct vmm *vm, unsigned pin);

#endif
