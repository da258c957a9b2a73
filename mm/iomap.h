/* mm/iomap.h: device memory above the direct map, mapped uncached into the kernel half. */
#ifndef KILN_MM_IOMAP_H
#define KILN_MM_IOMAP_H

#include <stdint.h>

/* Map the physical range [pa, pa + size) (device registers, e.g. a PCI BAR
 * the firmware put above 4 GiB) kernel-only, uncached, not executable, and
 * return the address of pa; NULL on ENOMEM or when the window is full.
 * Never unmapped: drivers map their device once, at boot. */
volatile void *mm_iomap(uint64_t pa, uint64_t size);

#endif
