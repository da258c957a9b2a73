/* drivers/pci.c: PCI configuration mechanism #1 (ports 0xcf8/0xcfc), the bus scan, BARs.
 *
 * An access is an address dword written to 0xcf8, then data at 0xcfc + (off
 * & 3): two VM exits.  The last address written is remembered, so reading
 * a register again, or the next one of the same dword, costs one.  Only
 * this file uses the ports, and only at boot.
 */
#include "drivers/pci.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "mm/iomap.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PCI_MAX_BUSES 8

static uint32_t pci_addr_last; /* 0: none yet (bit 31 is always set in ours) */

/* Select the dword holding off; returns the data port for off. */
static uint16_t pci_select(const struct pci_dev *d, unsigned off)
{
    uint32_t a = 0x80000000u | (uint32_t)d->bus << 16 | (uint32_t)d->slot << 11 |
                 (uint32_t)d->fn << 8 | (off & 0xfc);

    if (a != pci_addr_last) {
        outl(PCI_ADDR, a);
        pci_addr_last = a;
    }
    return PCI_DATA + (off & 3);
}

uint32_t pci_read32(const struct pci_dev *d, unsigned off)
{
    return inl(pci_select(d, off));
}

uint16_t pci_read16(const struct pci_dev *d, unsigned off)
{
    return inw(pci_select(d, off));
}

uint8_t pci_read8(const struct pci_dev *d, unsigned off)
{
    return inb(pci_select(d, off));
}

void pci_write32(const struct pci_dev *d, unsigned off, uint32_t v)
{
    outl(pci_select(d, off), v);
}

void pci_write16(const struct pci_dev *d, unsigned off, uint16_t v)
{
    outw(pci_select(d, off), v);
}

/* Scan bus (and the buses behind its bridges); *seen has a bit per bus
 * scanned.  Returns as pci_scan. */
static int pci_scan_bus(unsigned bus, uint32_t *seen, int (*fn)(const struct pci_dev *, void *),
                        void *arg)
{
    struct pci_dev d = {.bus = bus};
    int ret;

    *seen |= 1u << bus;
    for (unsigned slot = 0; slot < 32; slot++) {
        unsigned nfn = 1;
        for (unsigned f = 0; f < nfn; f++) {
            d.slot = slot;
            d.fn = f;
            uint32_t id = pci_read32(&d, PCI_VENDOR_ID);
            if ((id & 0xffff) == 0xffff || !(id & 0xffff)) { /* nobody, or not PCI */
                if (bus == 0 && slot == 0 && f == 0)
                    return -ENODEV; /* no host bridge: no PCI at all */
                continue;
            }
            d.vendor = id & 0xffff;
            d.device = id >> 16;
            /* class/revision and header type: two dwords, four exits */
            d.class_rev = pci_read32(&d, PCI_CLASS_REVISION);
            uint8_t ht = pci_read32(&d, PCI_HEADER_TYPE & ~3u) >> 16;
            d.hdr_type = ht & 0x7f;
            if (f == 0 && (ht & 0x80))
                nfn = 8;
            ret = fn(&d, arg);
            if (ret)
                return ret;
            if (d.hdr_type == 1 && (d.class_rev >> 16) == 0x0604) {
                unsigned sec = pci_read8(&d, PCI_SECONDARY_BUS);
                if (sec && sec < PCI_MAX_BUSES && !(*seen & (1u << sec))) {
                    ret = pci_scan_bus(sec, seen, fn, arg);
                    if (ret)
                        return ret;
                }
            }
        }
    }
    return 0;
}

int pci_scan(int (*fn)(const struct pci_dev *d, void *arg), void *arg)
{
    uint32_t seen = 0;

    return pci_scan_bus(0, &seen, fn, arg);
}

int pci_bar(const struct pci_dev *d, unsigned bar, uint64_t *pa, uint64_t *size)
{
    unsigned off = PCI_BAR0 + 4 * bar;
    uint16_t cmd;
    uint32_t lo, hi = 0, szlo, szhi = ~0u;
    int is64;

    if (bar > 5 || d->hdr_type != 0)
        return -ENOENT;
    /* the upper half of a 64-bit BAR is no BAR of its own: walk from BAR 0 */
    for (unsigned i = 0; i < bar; i++)
        if ((pci_read32(d, PCI_BAR0 + 4 * i) & 7) == 4 && ++i == bar)
            return -ENOENT;
    lo = pci_read32(d, off);
    if (lo & 1) /* I/O space */
        return -ENOENT;
    is64 = ((lo >> 1) & 3) == 2;
    if (is64 && bar == 5)
        return -ENOENT;
    if (is64)
        hi = pci_read32(d, off + 4);
    /* sizing: with decoding off, so the device answers nowhere meanwhile */
    cmd = pci_read16(d, PCI_COMMAND);
    pci_write16(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_IO));
    pci_write32(d, off, ~0u);
    szlo = pci_read32(d, off);
    pci_write32(d, off, lo);
    if (is64) {
        pci_write32(d, off + 4, ~0u);
        szhi = pci_read32(d, off + 4);
        pci_write32(d, off + 4, hi);
    }
    pci_write16(d, PCI_COMMAND, cmd);
    uint64_t mask = ((uint64_t)szhi << 32) | (szlo & ~0xfu);
    if (!is64)
        mask |= 0xffffffff00000000ull;
    if (!(szlo & ~0xfu) && !(is64 && szhi)) /* reads back 0: not implemented */
        return -ENOENT;
    *size = ~mask + 1;
    *pa = ((uint64_t)hi << 32) | (lo & ~0xfu);
    return *pa ? 0 : -ENXIO;
}

void pci_enable(const struct pci_dev *d, int intx_off)
{
    uint16_t cmd = pci_read16(d, PCI_COMMAND);
    uint16_t want = cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;

    if (intx_off)
        want |= PCI_COMMAND_INTX_DISABLE;
    if (want != cmd)
        pci_write16(d, PCI_COMMAND, want);
}

volatile uint8_t *pci_map(uint64_t pa, uint64_t size)
{
    if (pa < (1ull << 32) && size <= (1ull << 32) - pa)
        return PHYS_TO_VIRT(pa);
    return mm_iomap(pa, size);
}
