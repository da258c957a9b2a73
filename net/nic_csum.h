/* net/nic_csum.h: checksum offload between lwIP and the NIC (drivers/netdev.h).
 *
 * With NETDEV_TX_CSUM lwIP does not compute TCP checksums on the NIC's
 * netif; each outgoing TCP segment gets the pseudo-header's sum in its
 * checksum field instead and goes to the device, which sums the rest.
 * With NETDEV_RX_CSUM the device marks frames whose TCP/UDP checksum it
 * checked, and lwIP skips those two checks for them.  The IP header's
 * checksum (20 bytes) is always checked here.  On a host whose KVM
 * emulates ring 0 the receive check alone was over half of the guest's
 * cost per received segment. */
#ifndef KILN_NET_NIC_CSUM_H
#define KILN_NET_NIC_CSUM_H

#include "lwip/netif.h"
#include "lwip/pbuf.h"

/* The netif's checksum flags (NETIF_SET_CHECKSUM_CTRL) for a device with
 * the offload bits off, and for a received frame: csum_ok says the device
 * checked it. */
u16_t nic_csum_flags(unsigned offload, int csum_ok);

/* p is an Ethernet frame lwIP is sending on a netif without GEN_TCP.  If
 * it carries TCP (IPv4, or IPv6 with no extension header, which is all
 * lwIP sends), store the pseudo-header's sum in the TCP checksum field and
 * set *start and *off for the device (netdev xmit's csum_start, csum_off);
 * otherwise *start = 0.  The Ethernet and IP headers must be in p's first
 * pbuf (lwIP allocates them together). */
void nic_csum_tx(struct pbuf *p, unsigned *start, unsigned *off);

#endif
