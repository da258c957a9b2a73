/* host/vmm/pci_none.c: the PCI configuration ports of a machine without PCI.
 *
 * kiln's monitor has no PCI bus, but the guest kernel looks for one
 * (drivers/pci.c): as on a PC without a host bridge, writes to 0xcf8..0xcff
 * are ignored and reads return all-ones, so the scan ends after two
 * accesses.
 */
#include <string.h>
#include "host/vmm/io.h"

static int pci_none_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    if (!io->out)
        memset(io->data, 0xff, (size_t)io->size * io->count);
    return VMM_IO_CONTINUE;
}

VMM_PORT(pci_none, .name = "PCI configuration (no bus)", .base = 0xcf8, .len = 8,
         .io = pci_none_io);
