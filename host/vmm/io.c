/* host/vmm/io.c: routing a port access to the device that registered the port. */
#include <errno.h>
#include "host/vmm/io.h"

/* Bounds of the section vmm_ports, provided by the linker. */
extern const struct vmm_port __start_vmm_ports[], __stop_vmm_ports[];

int vmm_io(struct vmm *vm, struct vmm_io *io)
{
    for (const struct vmm_port *p = __start_vmm_ports; p < __stop_vmm_ports; p++)
        if ((uint16_t)(io->port - p->base) < p->len)
            return p->io(vm, p, io);
    return -ENODEV;
}
