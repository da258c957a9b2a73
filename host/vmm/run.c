/* host/vmm/run.c: the vCPU exit loop, fail-closed: an exit it does not expect stops the VM. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "host/msg.h"
#include "host/vmm/io.h"
#include "host/vmm/mmio.h"
#include "host/vmm/vmm.h"

static unsigned long long vmm_run_rip(struct vmm *vm)
{
    struct kvm_regs r;

    return ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) ? ~0ull : r.rip;
}

static int vmm_run_io(struct vmm *vm)
{
    struct kvm_run *run = vm->run;
    struct vmm_io io = {
        .port = run->io.port,
        .out = run->io.direction == KVM_EXIT_IO_OUT,
        .size = run->io.size,
        .count = run->io.count,
    };
    uint64_t len = (uint64_t)io.size * io.count;
    int ret;

    if (run->io.data_offset > vm->run_size || len > vm->run_size - run->io.data_offset ||
        !(io.size == 1 || io.size == 2 || io.size == 4) || !io.count) {
        msg_err("bad I/O exit from KVM (port 0x%x, size %u, count %u)", io.port, io.size, io.count);
        return -EIO;
    }
    io.data = (uint8_t *)run + run->io.data_offset;
    ret = vmm_io(vm, &io);
    if (ret < 0)
        msg_err("guest accessed unknown I/O port 0x%x (%s, rip 0x%llx)", io.port,
                io.out ? "write" : "read", vmm_run_rip(vm));
    return ret;
}

/* Say why the guest stopped, for every exit the loop does not serve. */
static void vmm_run_fail(struct vmm *vm)
{
    struct kvm_run *run = vm->run;
    unsigned long long rip = vmm_run_rip(vm);

    switch (run->exit_reason) {
    case KVM_EXIT_SHUTDOWN:
        msg_err("guest kernel crashed (triple fault, rip 0x%llx)", rip);
        break;
    case KVM_EXIT_HLT:
        msg_err("guest halted with interrupts it cannot get (rip 0x%llx)", rip);
        break;
    case KVM_EXIT_MMIO:
        msg_err("guest %s unknown memory address 0x%llx (rip 0x%llx)",
                run->mmio.is_write ? "wrote" : "read", (unsigned long long)run->mmio.phys_addr,
                rip);
        break;
    case KVM_EXIT_FAIL_ENTRY:
        msg_err("KVM could not enter the guest (hardware reason 0x%llx, rip 0x%llx)",
                (unsigned long long)run->fail_entry.hardware_entry_failure_reason, rip);
        break;
    case KVM_EXIT_INTERNAL_ERROR:
        msg_err("KVM internal error %u in the guest (rip 0x%llx)", run->internal.suberror, rip);
        break;
    default:
        msg_err("guest stopped: unexpected KVM exit %u (rip 0x%llx)", run->exit_reason, rip);
        break;
    }
}

int vmm_run(struct vmm *vm)
{
    for (;;) {
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0)) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            msg_err("KVM_RUN: %s (rip 0x%llx)", strerror(errno), vmm_run_rip(vm));
            return KILN_EXIT_SETUP;
        }
        if (vm->run->exit_reason == KVM_EXIT_MMIO) {
            struct kvm_run *run = vm->run;
            if (vmm_mmio(vm, run->mmio.phys_addr, run->mmio.data, run->mmio.len,
                         run->mmio.is_write)) {
                vmm_run_fail(vm); /* a device refused, or nothing there */
                return KILN_EXIT_SETUP;
            }
            continue;
        }
        if (vm->run->exit_reason != KVM_EXIT_IO) {
            vmm_run_fail(vm);
            return KILN_EXIT_SETUP;
        }
        switch (vmm_run_io(vm)) {
        case VMM_IO_CONTINUE:
            continue;
        case VMM_IO_STOP:
            return vm->exit_status & 0xff;
        default:
            return KILN_EXIT_SETUP;
        }
    }
}
