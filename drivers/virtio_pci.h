/* drivers/virtio_pci.h: virtio over PCI, modern interface (virtio 1.1 section 4.1).
 *
 * The device's registers are in memory BARs, found through vendor-specific
 * capabilities in its configuration space: common configuration, notify,
 * ISR and device configuration.  Interrupts are MSI-X messages to the
 * LAPIC, one vector for used buffers and one for configuration changes, or
 * without MSI-X the INTx line through the IOAPIC.
 */
#ifndef KILN_DRIVERS_VIRTIO_PCI_H
#define KILN_DRIVERS_VIRTIO_PCI_H

#include <stdint.h>
#include "drivers/pci.h"
#include "drivers/virtio_dev.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_MODERN 0x1040     /* + the virtio device id */
#define VIRTIO_PCI_DEVICE_LEGACY_NET 0x1000 /* transitional; driven in modern mode */

/* 4.1.4 vendor capability cfg_type */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* 4.1.4.3 common configuration layout */
#define VIRTIO_PCI_COMMON_DFSELECT 0x00
#define VIRTIO_PCI_COMMON_DF 0x04
#define VIRTIO_PCI_COMMON_GFSELECT 0x08
#define VIRTIO_PCI_COMMON_GF 0x0c
#define VIRTIO_PCI_COMMON_MSIX 0x10
#define VIRTIO_PCI_COMMON_NUMQ 0x12
#define VIRTIO_PCI_COMMON_STATUS 0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION 0x15
#define VIRTIO_PCI_COMMON_Q_SELECT 0x16
#define VIRTIO_PCI_COMMON_Q_SIZE 0x18
#define VIRTIO_PCI_COMMON_Q_MSIX 0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE 0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF 0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO 0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI 0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO 0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI 0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO 0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI 0x34
#define VIRTIO_PCI_COMMON_SIZE 0x38
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* One structure a capability points at: BAR, offset and length in it. */
struct virtio_pci_region {
    uint8_t bar; /* 0..5; 0xff: no such capability */
    uint32_t off, len;
};

/* What the capability list says, before any BAR is looked at. */
struct virtio_pci_caps {
    struct virtio_pci_region common, notify, isr, device;
    uint32_t notify_mult; /* notify_off_multiplier */
    /* MSI-X: capability offset (0: none), table size, table and PBA */
    uint8_t msix_cap;
    uint16_t msix_n;
    struct virtio_pci_region msix_table;
};

/* Walk the capability list of a configuration space read through rd32
 * (aligned dwords, offsets < 256), and fill *c with the first capability
 * of each kind kiln uses.  Bounded whatever the device says: at most 48
 * capabilities, a pointer below 0x40 ends the walk (the low two bits are
 * masked, as the PCI spec says), capabilities too short for their kind,
 * running past offset 255, or naming a BAR above 5, are skipped.
 * Returns 0, or -ENODEV without a common, notify or device configuration.  Pure code
 * (tests/unit/virtio_pci_caps.c). */
int virtio_pci_caps(uint32_t (*rd32)(void *ctx, unsigned off), void *ctx,
                    struct virtio_pci_caps *c);

/* Do the regions of c lie inside their BARs (bar_size[i], 0 for a BAR that
 * is not there) and are they long enough (common configuration 56 bytes,
 * notify 2, device configuration need_dev, the MSI-X table 16 per entry)?  Returns 0 or -ENODEV.
 * Pure code. */
int virtio_pci_caps_fit(const struct virtio_pci_caps *c, const uint64_t bar_size[6],
                        uint32_t need_dev);

/* Is d a virtio device kiln drives over PCI (modern, or transitional
 * virtio-net)?  Then its virtio device id, else 0. */
uint32_t virtio_pci_id(const struct pci_dev *d);

/* Set up d (found by the scan, virtio_pci_id(d) != 0) for a driver: the
 * capabilities, the BARs mapped, memory decoding and bus mastering on.
 * Returns a struct virtio_dev the driver keeps, or NULL (said why in the
 * kernel log). */
struct virtio_dev *virtio_pci_probe(const struct pci_dev *d);

#endif
