/* host/vmm/net_csum.h: Internet checksums (RFC 1071) of the Ethernet frames
 * crossing the monitor's NIC.  The guest may leave a TCP checksum for the
 * device to finish (VIRTIO_NET_F_CSUM), and frames bound for the guest are
 * checked here, natively, so the guest's stack need not check them again
 * (VIRTIO_NET_HDR_F_DATA_VALID): on a host whose KVM emulates ring 0 that
 * check was over half of the guest's cost per received segment. */
#ifndef KILN_HOST_VMM_NET_CSUM_H
#define KILN_HOST_VMM_NET_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* Finish a partial checksum as virtio 1.1 section 5.1.6.2 asks: the one's
 * complement sum of frame[start..len) (whose checksum field holds the
 * pseudo-header's sum), complemented, stored big-endian at start + off.
 * Returns 0, or -EINVAL when the field does not lie inside the frame. */
int net_csum_finish(uint8_t *frame, size_t len, size_t start, size_t off);

/* 1 if frame (len bytes, Ethernet) is an unfragmented IPv4 datagram, or an
 * IPv6 packet without extension headers, carrying TCP or UDP whose checksum
 * is right (UDP over IPv4 with no checksum, 0, counts as right); 0 for
 * anything else, a wrong checksum included.  Reads nothing past len.  The
 * IP header's own checksum is not looked at: the guest checks it. */
int net_csum_valid(const uint8_t *frame, size_t len);

#endif
