/* host/run_kvm.c: `kiln run` on kiln's own KVM monitor (host/vmm/): no fork, no file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "host/msg.h"
#include "host/run.h"
#include "host/tsc.h"
#include "host/volume.h"
#include "host/vmm/vmm.h"
#include "host/vmm/vmm_net.h"

int run_kvm(struct run *r, int fallback)
{
    int status = KILN_EXIT_SETUP, err, khz;
    uint64_t initrd_gpa;
    const char *what;
    struct vmm vm;
    char *cmdline;
    void *dst;

    err = vmm_open(&vm, &what);
    if (err) {
        if (fallback) {
            msg_note("/dev/kvm: %s (using QEMU TCG)", strerror(-err));
            return -ENODEV;
        }
        msg_err("%s: %s (%suse --vmm qemu)", what, strerror(-err),
                err == -EACCES ? "add yourself to the kvm group, or " : "");
        return KILN_EXIT_SETUP;
    }
    if (vmm_setup(&vm, r->o->mem))
        goto out_close;
    if (vmm_net_create(&vm, &r->o->net))
        goto out_close;
    khz = vmm_tsc_khz(&vm);
    if (khz <= 0) {
        msg_verb("KVM_GET_TSC_KHZ: %s; calibrating", strerror(-khz));
        khz = tsc_calibrate_khz();
    }
    cmdline = run_cmdline(r, khz, 1, run_fpu_xsave(r->o, 0));
    if (!cmdline)
        goto out_close;

    /* page-aligned at the top of RAM; run_main checked that it fits */
    initrd_gpa = (r->o->mem - r->initrd_size) & ~4095ull;
    dst = vmm_gpa(&vm, initrd_gpa, r->initrd_size);
    if (!dst || initrd_write(&r->initrd, dst))
        goto out_free;
    if (vmm_boot_pvh(&vm, &r->kernel, initrd_gpa, r->initrd_size, cmdline))
        goto out_free;
    status = vmm_run(&vm);
    if (volume_any_rw(r->o)) {
        struct volume_ram ram = {.base = vm.ram, .size = vm.ram_size};
        status = volume_apply_all(r->o, &r->initrd, &ram, vm.export_bytes == 8 ? vm.export_gpa : 0,
                                  status);
    }

out_free:
    free(cmdline);
out_close:
    vmm_net_destroy(&vm); /* its thread may still touch guest RAM */
    vmm_close(&vm);
    return status;
}
