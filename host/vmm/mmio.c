/* host/vmm/mmio.c: routing a KVM_EXIT_MMIO to the device that registered the address. */
#include <errno.h>
#include "host/vmm/mmio.h"

int vmm_mmio_add(struct vmm *vm, struct vmm_mmio *m)
{
    if (vm->nmmio >= VMM_MAX_MMIO)
        return -ENOSPC;
    vm->mmio[vm->nmmio++] = m;
    return 0;
}

int vmm_mmio(struct vmm *vm, uint64_t gpa, uint8_t *data, unsigned size, int write)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return -EOPNOTSUPP;
    for (int i = 0; i < vm->nmmio; i++) {
        struct vmm_mmio *m = vm->mmio[i];
        if (gpa - m->base < m->len && size <= m->len - (gpa - m->base))
            return m->access(vm, m, gpa - m->base, data, size, write);
    }
    return -ENODEV;
}
