/* drivers/net_weak.c: what a NIC driver needs from net/ when the kernel is built without it.
 *
 * net/ provides the real net_attach/net_rx/net_kick (drivers/netdev.h); its
 * definitions replace these.  Without a stack, frames are dropped. */
#include "drivers/netdev.h"

__attribute__((weak)) void net_attach(struct netdev *nd)
{
}

__attribute__((weak)) void net_rx(struct netdev *nd, const void *frame, size_t len, int csum_ok)
{
}

__attribute__((weak)) void net_kick(struct netdev *nd)
{
}
