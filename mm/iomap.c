/* mm/iomap.c: device memory above the direct map (which covers the low 4 GiB).
 *
 * The mappings go into the last GiB of the vmalloc window (PML4 slot 510,
 * mm/vmalloc.c), whose top-level entry exists before any address space
 * copies the kernel half, so every address space sees them.  vmalloc
 * hands out addresses from the bottom of the 512 GiB slot and would need
 * 511 GiB of allocations to get here.  PCD|PWT: uncached with the reset
 * PAT, as device registers must be.
 */
#include "mm/iomap.h"
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"

#define IOMAP_BASE 0xffffff7fc0000000ull /* slot 510 + 511 GiB */
#define IOMAP_END 0xffffff8000000000ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull

extern uint64_t boot_pml4[512];
static uint64_t iomap_next = IOMAP_BASE;

volatile void *mm_iomap(uint64_t pa, uint64_t size)
{
    uint64_t first = pa & PAGE_MASK, end = PAGE_UP(pa + size), va = iomap_next;

    if (!size || pa + size < pa || end - first > IOMAP_END - va)
        return 0;
    for (uint64_t p = first; p < end; p += PAGE_SIZE) {
        uint64_t *pte = pgtable_pte(KIMG_TO_PHYS((uint64_t)boot_pml4), va + (p - first), 1);
        if (!pte)
            return 0; /* the pages mapped so far stay unused */
        *pte = p | PTE_P | PTE_W | PTE_PCD | PTE_PWT | pte_nx;
    }
    iomap_next = va + (end - first);
    return (volatile void *)(va + (pa - first));
}
