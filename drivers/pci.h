/* drivers/pci.h: PCI configuration space through ports 0xcf8/0xcfc, the bus scan, BARs.
 *
 * QEMU's pc and q35 machines have a host bridge at 00:00.0 and the devices
 * the firmware (SeaBIOS) has already given addresses to; kiln keeps those.
 * Every port access is a VM exit, so the scan reads one dword per slot and
 * stops after two accesses when 00:00.0 does not answer (QEMU microvm,
 * kiln's own monitor: the ports read all-ones there).
 */
#ifndef KILN_DRIVERS_PCI_H
#define KILN_DRIVERS_PCI_H

#include <stdint.h>

#define PCI_VENDOR_ID 0x00
#define PCI_COMMAND 0x04 /* 16 bits */
#define PCI_STATUS 0x06  /* 16 bits */
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e /* 8 bits */
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19 /* type 1 headers (bridges) */
#define PCI_CAP_PTR 0x34

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_VNDR 0x09

struct pci_dev {
    uint8_t bus, slot, fn;
    uint8_t hdr_type; /* low 7 bits of PCI_HEADER_TYPE */
    uint16_t vendor, device;
    uint32_t class_rev; /* class << 8 | revision */
};

/* Configuration space of d at off (aligned to the access size). */
uint32_t pci_read32(const struct pci_dev *d, unsigned off);
uint16_t pci_read16(const struct pci_dev *d, unsigned off);
uint8_t pci_read8(const struct pci_dev *d, unsigned off);
void pci_write32(const struct pci_dev *d, unsigned off, uint32_t v);
void pci_write16(const struct pci_dev *d, unsigned off, uint16_t v);

/* Call fn(d, arg) for every function on bus 0 and the buses behind its
 * bridges (each bus once, at most 8 buses), until fn returns non-zero.
 * Returns what fn returned last, 0 when the scan ended, or -ENODEV when
 * there is no host bridge (00:00.0 reads all-ones). */
int pci_scan(int (*fn)(const struct pci_dev *d, void *arg), void *arg);

/* Where memory BAR bar (0..5) of a type 0 function lies, as the firmware
 * left it: *pa and *size (sizing writes all-ones to the BAR with decoding
 * off, then restores it).  A 64-bit BAR takes bar and bar + 1.  Returns 0,
 * -ENOENT (an I/O BAR, the upper half of a 64-bit one, or not
 * implemented), or -ENXIO (not assigned: address 0). */
int pci_bar(const struct pci_dev *d, unsigned bar, uint64_t *pa, uint64_t *size);

/* Turn on memory decoding and bus mastering, and INTx off when intx_off. */
void pci_enable(const struct pci_dev *d, int intx_off);

/* A pointer to [pa, pa + size) of device memory: the direct map below
 * 4 GiB, else an uncached mapping in the kernel half.  NULL on ENOMEM. */
volatile uint8_t *pci_map(uint64_t pa, uint64_t size);

#endif
