/* drivers/drivers.h: finding the machine's devices at boot. */
#ifndef KILN_DRIVERS_DRIVERS_H
#define KILN_DRIVERS_DRIVERS_H

struct cmdline;
struct virtio_dev;

/* Probe the devices the command line names (virtio_mmio.device=...) and
 * start a driver for each one kiln knows.  A device that fails is named in
 * the kernel log and skipped.  Once, at boot, after the memory allocators. */
void drivers_init(const struct cmdline *cl);

/* The VM is about to end: wait (briefly, bounded) until the devices have
 * taken what the drivers queued, so the last frames a program sent are not
 * lost with the VM.  Interrupts may be off. */
void drivers_quiesce(void);

/* Provided by net/ (a weak empty one is in drivers/drivers.c): called by
 * drivers_quiesce first, so the stack can send what programs wrote to TCP
 * sockets before the VM ends -- Linux sends it after close() and exit.
 * Bounded in time.  Interrupts off. */
void net_linger(void);

/* drivers/virtio_net.c: start the NIC d (found by a transport, not yet
 * begun) and net_attach() it; d must live as long as the kernel.  Returns
 * 0 or -errno (-EBUSY for a second NIC). */
int virtio_net_probe(struct virtio_dev *d);
void virtio_net_quiesce(void);

#endif
