/* host/vmm/vmm.c: the VM and its vCPU: /dev/kvm, guest RAM, CPUID, the checked accessor. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "host/msg.h"
#include "host/vmm/vmm.h"

#define VMM_KVM_API 12

int vmm_probe(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), v;

    if (fd < 0)
        return -errno;
    v = ioctl(fd, KVM_GET_API_VERSION, 0);
    v = v == VMM_KVM_API ? 0 : v < 0 ? -errno : -ENOSYS;
    close(fd);
    return v;
}

int vmm_open(struct vmm *vm, const char **what)
{
    int err;

    memset(vm, 0, sizeof(*vm));
    vm->vm_fd = vm->vcpu_fd = -1;
    vm->status = -1;
    *what = "/dev/kvm";
    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0)
        return -errno;
    err = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (err != VMM_KVM_API) {
        err = err < 0 ? -errno : -ENOSYS;
        goto err_close;
    }
    *what = "KVM_CREATE_VM";
    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0) {
        err = -errno;
        goto err_close;
    }
    return 0;

err_close:
    close(vm->kvm_fd);
    vm->kvm_fd = -1;
    return err;
}

/* KVM_GET_SUPPORTED_CPUID, growing the buffer until it fits, then SET_CPUID2. */
static int vmm_cpuid(struct vmm *vm)
{
    struct kvm_cpuid2 *c = NULL;
    unsigned n = 64;
    int err;

    for (;;) {
        struct kvm_cpuid2 *t = realloc(c, sizeof(*c) + n * sizeof(c->entries[0]));
        if (!t) {
            err = -ENOMEM;
            goto out_free;
        }
        c = t;
        c->nent = n;
        if (!ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c))
            break;
        if (errno != E2BIG || n >= 4096) {
            err = -errno;
            goto out_free;
        }
        n *= 2;
    }
    err = ioctl(vm->vcpu_fd, KVM_SET_CPUID2, c) ? -errno : 0;
out_free:
    free(c);
    return err;
}

/* An in-kernel LAPIC, for the kernel's timer.  The split irqchip (LAPIC in
 * KVM, no PIC/IOAPIC/PIT) is preferred: on software-virtualized KVM, the
 * full KVM_CREATE_IRQCHIP adds ~7 ms to every start (memslot updates and
 * VM teardown wait much longer with it), the split one ~0.3 ms. */
static void vmm_irqchip(struct vmm *vm)
{
    struct kvm_enable_cap cap = {.cap = KVM_CAP_SPLIT_IRQCHIP, .args = {24}};

    if (!ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap)) {
        vm->irqchip = VMM_IRQCHIP_SPLIT;
        return;
    }
    if (!ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0)) {
        vm->irqchip = VMM_IRQCHIP_FULL;
        return;
    }
    vm->irqchip = VMM_IRQCHIP_NONE;
    msg_verb("KVM_CREATE_IRQCHIP: %s (no in-kernel LAPIC)", strerror(errno));
}

static int vmm_fail(const char *what, int err)
{
    msg_err("%s: %s", what, strerror(-err));
    return err;
}

int vmm_setup(struct vmm *vm, uint64_t ram_size)
{
    struct kvm_userspace_memory_region slot;
    int err, n;

    if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)VMM_TSS_ADDR))
        return vmm_fail("KVM_SET_TSS_ADDR", -errno);
    vmm_irqchip(vm);

    /* Already zero and backed only where touched: never memset it. */
    vm->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (vm->ram == MAP_FAILED) {
        vm->ram = NULL;
        return vmm_fail("guest RAM", -errno);
    }
    vm->ram_size = ram_size;
    slot = (struct kvm_userspace_memory_region){
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = ram_size,
        .userspace_addr = (uintptr_t)vm->ram,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot))
        return vmm_fail("KVM_SET_USER_MEMORY_REGION", -errno);

    vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        return vmm_fail("KVM_CREATE_VCPU", -errno);
    err = vmm_cpuid(vm);
    if (err)
        return vmm_fail("KVM_SET_CPUID2", err);
    n = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (n < (int)sizeof(struct kvm_run))
        return vmm_fail("KVM_GET_VCPU_MMAP_SIZE", n < 0 ? -errno : -EINVAL);
    vm->run = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
    if (vm->run == MAP_FAILED) {
        vm->run = NULL;
        return vmm_fail("mmap kvm_run", -errno);
    }
    vm->run_size = n;
    return 0;
}

void vmm_close(struct vmm *vm)
{
    if (vm->run)
        munmap(vm->run, vm->run_size);
    if (vm->vcpu_fd >= 0)
        close(vm->vcpu_fd);
    if (vm->vm_fd >= 0)
        close(vm->vm_fd);
    if (vm->ram)
        munmap(vm->ram, vm->ram_size);
    if (vm->kvm_fd >= 0)
        close(vm->kvm_fd);
    vm->run = NULL;
    vm->ram = NULL;
    vm->vcpu_fd = vm->vm_fd = vm->kvm_fd = -1;
}

void *vmm_gpa(struct vmm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa > vm->ram_size || len > vm->ram_size - gpa)
        return NULL;
    return vm->ram + gpa;
}

int vmm_tsc_khz(struct vmm *vm)
{
    int khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);

    return khz > 0 ? khz : khz < 0 ? -errno : -ENODEV;
}
