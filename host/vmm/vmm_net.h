/* host/vmm/vmm_net.h: the monitor's NIC (host/vmm/virtio_net.c). */
#ifndef KILN_HOST_VMM_NET_H
#define KILN_HOST_VMM_NET_H

#include "host/net.h"
#include "host/vmm/vmm.h"

/* Give vm a virtio-net device at NET_MMIO_BASE on the back end o asks for
 * (nothing for --net none), with the IOAPIC it interrupts through.  After
 * vmm_setup, before vmm_run.  Returns 0, or -errno after printing why. */
int vmm_net_create(struct vmm *vm, const struct net_opts *o);

/* Stop the back end and free the device (after vmm_run; safe without one). */
void vmm_net_destroy(struct vmm *vm);

#endif
