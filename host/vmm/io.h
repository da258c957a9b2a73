/* host/vmm/io.h: port I/O devices of the monitor, registered by the files that implement them.
 *
 * A device file declares its ports with VMM_PORT(); the linker gathers the
 * entries into the section vmm_ports, and vmm_io() looks the port of each
 * KVM_EXIT_IO up there.  Adding a device is adding a file.
 */
#ifndef KILN_HOST_VMM_IO_H
#define KILN_HOST_VMM_IO_H

#include <stdint.h>
#include "host/vmm/vmm.h"

/* One KVM_EXIT_IO: count accesses of size bytes each (count > 1 for a
 * `rep outs`/`rep ins`); data holds size * count bytes, to read for an OUT,
 * to fill for an IN. */
struct vmm_io {
    uint16_t port;
    uint8_t out;
    uint8_t size;
    uint32_t count;
    uint8_t *data;
};

#define VMM_IO_CONTINUE 0
#define VMM_IO_STOP 1 /* the guest is done: vm->exit_status is set */

struct vmm_port {
    const char *name;
    uint16_t base, len; /* the device answers ports [base, base + len) */
    int idx;            /* device-private: which instance */
    /* Serve io (its port lies in the range above).  Returns VMM_IO_CONTINUE,
     * VMM_IO_STOP, or -EOPNOTSUPP for an access the device does not accept
     * (the monitor then stops the guest as it does for an unknown port). */
    int (*io)(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io);
};

#define VMM_PORT(id, ...)                                                                          \
    static const struct vmm_port vmm_port_##id                                                     \
        __attribute__((used, section("vmm_ports"), aligned(8))) = {__VA_ARGS__}

/* Serve one port access.  Returns as the device does, or -ENODEV if no
 * device owns the port. */
int vmm_io(struct vmm *vm, struct vmm_io *io);

#endif
