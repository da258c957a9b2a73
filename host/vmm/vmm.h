/* host/vmm/vmm.h: kiln's KVM monitor: one VM, one vCPU, a PVH kernel, port I/O devices. */
#ifndef KILN_HOST_VMM_H
#define KILN_HOST_VMM_H

#include <stdint.h>
#include <stddef.h>
#include <pthread.h>
#include "host/pvh.h"

/* Guest-physical layout below 1 MiB (the kernel allocates no frame there). */
#define VMM_START_INFO 0x1000ull /* struct hvm_start_info */
#define VMM_MEMMAP 0x2000ull     /* struct hvm_memmap_table_entry[] */
#define VMM_MODLIST 0x3000ull    /* struct hvm_modlist_entry[1]: the initrd */
#define VMM_CMDLINE 0x4000ull    /* up to CMDLINE_MAX bytes */
#define VMM_LOW_RAM_END 0x9fc00ull
#define VMM_HIGH_RAM 0x100000ull
#define VMM_TSS_ADDR 0xfffbd000ull /* 3 pages KVM needs on Intel, above RAM */

/* In-kernel interrupt controllers.  SPLIT: only the LAPIC (with its timer);
 * there is no PIC, IOAPIC or PIT, so their ports are unknown ports here.
 * FULL: LAPIC, IOAPIC, PIC and PIT (if KVM lacks the split irqchip). */
enum { VMM_IRQCHIP_NONE, VMM_IRQCHIP_SPLIT, VMM_IRQCHIP_FULL };

#define VMM_MAX_MMIO 4 /* memory-mapped devices (host/vmm/mmio.h) */
#define VMM_IOAPIC_NPINS 24

/* The emulated IOAPIC of the split irqchip (host/vmm/ioapic.c). */
struct vmm_ioapic {
    pthread_mutex_t lock; /* pulses come from the network thread too */
    uint32_t sel, id;
    uint32_t pending; /* pins pulsed while masked */
    uint64_t redtbl[VMM_IOAPIC_NPINS];
};
struct vmm_mmio;
struct vmm_virtio;

/* An 8250 UART as the devices see it: only the divisor-latch bit matters. */
struct vmm_uart {
    uint8_t lcr;
};

struct vmm {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run; /* the vCPU's shared exit area */
    size_t run_size;
    uint8_t *ram; /* guest-physical 0 .. ram_size, lazily backed */
    uint64_t ram_size;
    int irqchip; /* VMM_IRQCHIP_*: what KVM emulates in-kernel */

    /* device state (host/vmm/uart.c, host/vmm/debug_exit.c) */
    struct vmm_uart uart[3]; /* stdout, stderr, status */
    int status;              /* last byte written to KILN_PORT_STATUS, or -1 */
    int done;                /* the guest wrote KILN_PORT_EXIT */
    int exit_status;         /* ... this value & 0xff */
    uint64_t export_gpa;     /* bytes written to KILN_PORT_EXPORT (host/vmm/export.c) */
    unsigned export_bytes;   /* ... how many: 8 for a whole address */

    /* memory-mapped devices and interrupts (host/vmm/mmio.h) */
    struct vmm_mmio *mmio[VMM_MAX_MMIO];
    int nmmio;
    struct vmm_ioapic ioapic;
    struct vmm_virtio *net; /* the NIC (host/vmm/virtio_net.c), or NULL */
};

/* Is /dev/kvm there, openable and of API version 12?  (For the QEMU
 * launcher, which lets QEMU create the VM.)  Returns 0 or -errno. */
int vmm_probe(void);

/* Open /dev/kvm and create the VM (no memory, no vCPU yet).  Only this step
 * decides whether KVM is usable: on failure *what names the step ("/dev/kvm"
 * or "KVM_CREATE_VM"), nothing is printed and the caller may fall back to
 * QEMU.  Returns 0 or -errno. */
int vmm_open(struct vmm *vm, const char **what);

/* Give the VM an in-kernel LAPIC if KVM can (VMM_IRQCHIP_*), ram_size bytes
 * of RAM at guest-physical 0, and its vCPU with the host's supported CPUID.
 * Returns 0, or -errno after printing what failed. */
int vmm_setup(struct vmm *vm, uint64_t ram_size);

/* Undo vmm_open and vmm_setup (safe on a partly set-up VM). */
void vmm_close(struct vmm *vm);

/* The host address of guest-physical [gpa, gpa + len), or NULL unless the
 * whole range lies in guest RAM.  Overflow-safe.  Every guest-physical
 * address the monitor touches goes through here. */
void *vmm_gpa(struct vmm *vm, uint64_t gpa, uint64_t len);

/* The vCPU's TSC frequency in kHz (KVM_GET_TSC_KHZ), or -errno. */
int vmm_tsc_khz(struct vmm *vm);

/* Load the PVH kernel k and describe the initrd already written at
 * [initrd_gpa, initrd_gpa + initrd_size) and the NUL-terminated command
 * line in hvm_start_info, then set the vCPU at the PVH entry: 32-bit
 * protected mode, paging off, flat segments, %ebx = VMM_START_INFO.
 * Returns 0, or -errno after printing what failed. */
int vmm_boot_pvh(struct vmm *vm, const struct pvh_kernel *k, uint64_t initrd_gpa,
                 uint64_t initrd_size, const char *cmdline);

/* Run the vCPU until the guest writes KILN_PORT_EXIT, serving port I/O.
 * Fail-closed: any exit the monitor does not expect stops the VM.
 * Returns the guest's exit status (0..255), or KILN_EXIT_SETUP (125) after
 * printing "kiln: ..." with the reason and the guest's rip. */
int vmm_run(struct vmm *vm);

#endif
