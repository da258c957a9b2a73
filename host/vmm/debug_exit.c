/* host/vmm/debug_exit.c: isa-debug-exit (the guest's exit status) and the POST port. */
#include <errno.h>
#include <string.h>
#include "include/kiln_abi.h"
#include "host/vmm/io.h"

/* Any write ends the VM; unlike QEMU's (value << 1) | 1, the status is the
 * written value itself, all 8 bits of it. */
static int debug_exit_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    if (!io->out) {
        memset(io->data, 0, (size_t)io->size * io->count);
        return VMM_IO_CONTINUE;
    }
    vm->exit_status = io->data[0];
    vm->done = 1;
    return VMM_IO_STOP;
}

/* Port 0x80: POST codes and I/O delays; writes are ignored, reads refused. */
static int debug_exit_post(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    return io->out ? VMM_IO_CONTINUE : -EOPNOTSUPP;
}

VMM_PORT(debug_exit, .name = "isa-debug-exit", .base = KILN_PORT_EXIT, .len = 4,
         .io = debug_exit_io);
VMM_PORT(post, .name = "POST", .base = 0x80, .len = 1, .io = debug_exit_post);
