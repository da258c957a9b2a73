/* mm/page.c: the physical frame allocator.
 *
 * Boot-time cost matters more than anything (DESIGN.md §7): there is no
 * bitmap to build and no memory to clear.  Fresh frames are carved from the
 * RAM regions with a bump pointer (the monitor hands memory over zeroed);
 * freed frames go on a LIFO list and are cleared when reused.  Reference
 * counts live in an array indexed by frame number, itself carved from fresh
 * (zero) memory.
 */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "include/kiln_abi.h"
#include "kernel/console.h"
#include "lib/string.h"

#define MAX_REGIONS 16
#define MAX_PHYS (4ull << 30) /* the direct map's reach (boot.S) */

static struct {
    uint64_t start, end;
} regions[MAX_REGIONS];
static int nregions, cur;
static uint64_t free_list; /* physical address of the first free frame */
static uint64_t nfree_list, total;
static uint32_t *refs;     /* by frame number */
static uint64_t hole_lo, hole_hi;

static void add_region(uint64_t s, uint64_t e)
{
    s = PAGE_UP(s);
    e &= PAGE_MASK;
    if (e > MAX_PHYS)
        e = MAX_PHYS;
    if (s >= e || nregions == MAX_REGIONS)
        return;
    regions[nregions].start = s;
    regions[nregions].end = e;
    nregions++;
    total += (e - s) / PAGE_SIZE;
}

static uint64_t bump(size_t n)
{
    for (int i = cur; i < nregions; i++) {
        if (regions[i].end - regions[i].start >= n * PAGE_SIZE) {
            uint64_t pa = regions[i].start;
            regions[i].start += n * PAGE_SIZE;
            return pa;
        }
        if (i == cur && regions[i].start == regions[i].end)
            cur++;
    }
    return 0;
}

void mm_page_init(const struct hvm_start_info *si, uint64_t reserved_end, uint64_t hole_start,
                  uint64_t hole_end)
{
    const struct hvm_memmap_table_entry *mm = PHYS_TO_VIRT(si->memmap_paddr);
    uint64_t max = 0;
    hole_lo = hole_start;
    hole_hi = hole_end;
    for (unsigned i = 0; i < si->memmap_entries; i++) {
        if (mm[i].type != HVM_MEMMAP_RAM)
            continue;
        uint64_t s = mm[i].addr, e = mm[i].addr + mm[i].size;
        if (e > max)
            max = e;
        if (s < reserved_end)
            s = reserved_end;
        if (hole_start < hole_end && s < hole_end && e > hole_start) {
            add_region(s, hole_start);
            add_region(hole_end, e);
        } else {
            add_region(s, e);
        }
    }
    if (max > MAX_PHYS)
        max = MAX_PHYS;
    size_t nref = max / PAGE_SIZE;
    uint64_t pa = bump((nref * sizeof(uint32_t) + PAGE_SIZE - 1) / PAGE_SIZE);
    if (!pa)
        panic("no memory for the frame table");
    refs = PHYS_TO_VIRT(pa);
}

/* Fresh frames first: they are already zero, while a recycled one must be
 * cleared, which on emulated ring 0 costs more than the fault that wants it. */
uint64_t mm_page_alloc(void)
{
    uint64_t pa = bump(1);
    if (!pa) {
        if (!free_list)
            return 0;
        pa = free_list;
        uint64_t *p = PHYS_TO_VIRT(pa);
        free_list = p[0];
        nfree_list--;
        memset(p, 0, PAGE_SIZE);
    }
    refs[pa / PAGE_SIZE] = 1;
    return pa;
}

uint64_t mm_page_alloc_fresh(size_t n)
{
    if (cur >= nregions || regions[cur].end - regions[cur].start < n * PAGE_SIZE)
        return 0;
    uint64_t pa = regions[cur].start;
    regions[cur].start += n * PAGE_SIZE;
    uint32_t *r = &refs[pa / PAGE_SIZE];
    for (size_t i = 0; i < n; i++)
        r[i] = 1;
    return pa;
}

void mm_page_get(uint64_t pa)
{
    if (pa >= hole_lo && pa < hole_hi)
        return;
    refs[pa / PAGE_SIZE]++;
}

void mm_page_put(uint64_t pa)
{
    if (pa >= hole_lo && pa < hole_hi)
        return;
    uint32_t *r = &refs[pa / PAGE_SIZE];
    if (*r == 0)
        panic("mm_page_put: frame %lx is already free", pa);
    if (--*r == 0) {
        *(uint64_t *)PHYS_TO_VIRT(pa) = free_list;
        free_list = pa;
        nfree_list++;
    }
}

unsigned mm_page_refs(uint64_t pa)
{
    if (pa >= hole_lo && pa < hole_hi)
        return 2; /* initrd frames are shared with the page cache forever */
    return refs[pa / PAGE_SIZE];
}

uint64_t mm_page_free_count(void)
{
    uint64_t n = nfree_list;
    for (int i = cur; i < nregions; i++)
        n += (regions[i].end - regions[i].start) / PAGE_SIZE;
    return n;
}

uint64_t mm_page_total(void)
{
    return total;
}
