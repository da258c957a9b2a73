/* host/vmm/export.c: KILN_PORT_EXPORT: where the guest left the description of its -v volumes.
 *
 * The guest writes the 8 bytes of a guest-physical address, one byte per
 * access (the same bytes QEMU's isa-debugcon records); the monitor only
 * keeps them.  host/volume_apply.c reads the pages after the VM stopped.
 */
#include <errno.h>
#include "include/kiln_abi.h"
#include "host/vmm/io.h"

static int export_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    if (!io->out || io->size != 1)
        return -EOPNOTSUPP;
    for (uint32_t i = 0; i < io->count; i++) {
        if (vm->export_bytes == 8) /* a new address starts over */
            vm->export_bytes = vm->export_gpa = 0;
        vm->export_gpa |= (uint64_t)io->data[i] << (8 * vm->export_bytes++);
    }
    return VMM_IO_CONTINUE;
}

VMM_PORT(export, .name = "kiln export port", .base = KILN_PORT_EXPORT, .len = 1, .io = export_io);
