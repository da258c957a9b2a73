/* host/vmm/boot.c: PVH boot: kernel segments, hvm_start_info, and the vCPU at the entry.
 *
 * Guest-physical memory when the vCPU starts (include/kiln_abi.h):
 *
 *   0x0000_1000  struct hvm_start_info        %ebx points here
 *   0x0000_2000  memory map: RAM [0, 0x9fc00), RAM [1 MiB, ram_size)
 *   0x0000_3000  module list: one entry, the initrd
 *   0x0000_4000  command line, NUL-terminated (< CMDLINE_MAX)
 *   0x0010_0000  kernel PT_LOAD segments at their p_paddr
 *       ...      free
 *   top - size   initrd (cpio newc), page-aligned, up to the end of RAM
 *
 * Everything else is zero: the RAM mapping is fresh, so only the bytes
 * written here are touched.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include "include/kiln_abi.h"
#include "host/cmdline.h"
#include "host/msg.h"
#include "host/vmm/vmm.h"

static int vmm_boot_load(struct vmm *vm, const struct pvh_kernel *k)
{
    for (unsigned i = 0; i < k->phnum; i++) {
        const Elf64_Phdr *ph = &k->phdr[i];
        void *dst;
        if (ph->p_type != PT_LOAD || !ph->p_memsz)
            continue;
        dst = vmm_gpa(vm, ph->p_paddr, ph->p_memsz);
        if (!dst) {
            msg_err("%s: segment at 0x%llx does not fit in guest RAM", k->path,
                    (unsigned long long)ph->p_paddr);
            return -ENOMEM;
        }
        memcpy(dst, k->data + ph->p_offset, ph->p_filesz);
    }
    return 0;
}

static int vmm_boot_info(struct vmm *vm, uint64_t initrd_gpa, uint64_t initrd_size,
                         const char *cmdline)
{
    size_t len = strlen(cmdline) + 1;
    struct hvm_start_info *si = vmm_gpa(vm, VMM_START_INFO, sizeof(*si));
    struct hvm_memmap_table_entry *mm = vmm_gpa(vm, VMM_MEMMAP, 2 * sizeof(*mm));
    struct hvm_modlist_entry *mod = vmm_gpa(vm, VMM_MODLIST, sizeof(*mod));
    char *cl = vmm_gpa(vm, VMM_CMDLINE, len);

    if (len > CMDLINE_MAX) {
        msg_err("command line too long");
        return -E2BIG;
    }
    if (!si || !mm || !mod || !cl || vm->ram_size <= VMM_HIGH_RAM)
        return -ENOMEM; /* ram_size >= 2 MiB, checked by the caller */
    memcpy(cl, cmdline, len);
    mm[0] =
        (struct hvm_memmap_table_entry){.addr = 0, .size = VMM_LOW_RAM_END, .type = HVM_MEMMAP_RAM};
    mm[1] = (struct hvm_memmap_table_entry){
        .addr = VMM_HIGH_RAM, .size = vm->ram_size - VMM_HIGH_RAM, .type = HVM_MEMMAP_RAM};
    mod->paddr = initrd_gpa;
    mod->size = initrd_size;
    *si = (struct hvm_start_info){
        .magic = HVM_START_MAGIC,
        .version = 1,
        .nr_modules = 1,
        .modlist_paddr = VMM_MODLIST,
        .cmdline_paddr = VMM_CMDLINE,
        .memmap_paddr = VMM_MEMMAP,
        .memmap_entries = 2,
    };
    return 0;
}

/* A flat 4 GiB 32-bit segment: code (type 0xb) or data (type 3). */
static struct kvm_segment vmm_boot_seg(uint16_t sel, uint8_t type)
{
    struct kvm_segment s = {.limit = 0xffffffff, .selector = sel, .type = type};

    s.present = s.db = s.s = s.g = 1; /* base 0, dpl 0, not 64-bit */
    return s;
}

/* The PVH entry state: protected mode, paging off, %ebx = start_info. */
static int vmm_boot_cpu(struct vmm *vm, uint32_t entry)
{
    struct kvm_sregs sr;
    struct kvm_regs r;

    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sr))
        return -errno;
    sr.cs = vmm_boot_seg(0x8, 0xb);
    sr.ds = sr.es = sr.fs = sr.gs = sr.ss = vmm_boot_seg(0x10, 0x3);
    sr.cr0 = 0x11; /* PE | ET */
    sr.cr3 = sr.cr4 = sr.efer = 0;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sr))
        return -errno;
    memset(&r, 0, sizeof(r));
    r.rip = entry;
    r.rbx = VMM_START_INFO;
    r.rflags = 2;
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r))
        return -errno;
    return 0;
}

int vmm_boot_pvh(struct vmm *vm, const struct pvh_kernel *k, uint64_t initrd_gpa,
                 uint64_t initrd_size, const char *cmdline)
{
    int err;

    if (initrd_gpa < k->end || !vmm_gpa(vm, initrd_gpa, initrd_size)) {
        msg_err("initrd at 0x%llx overlaps the kernel or leaves RAM",
                (unsigned long long)initrd_gpa);
        return -ENOMEM;
    }
    err = vmm_boot_load(vm, k);
    if (!err)
        err = vmm_boot_info(vm, initrd_gpa, initrd_size, cmdline);
    if (err)
        return err;
    err = vmm_boot_cpu(vm, k->entry);
    if (err)
        msg_err("setting the vCPU registers: %s", strerror(-err));
    return err;
}
