/* mm/vmalloc.c: virtually contiguous kernel memory from single frames.
 *
 * The direct map can only give physically contiguous blocks, which the
 * fresh-first frame allocator stops having once RAM has been used once.
 * Large kernel buffers (PATH_MAX scratch, tmpfs page arrays, fd tables,
 * exec's stack image) therefore come from here: frames taken one by one and
 * mapped side by side in a kernel-only window, PML4 slot 510.  The slot's
 * PDPT is created at boot, before any address space copies the kernel half,
 * so every address space sees every mapping made here.
 *
 * Virtual ranges are reused by exact size through small free lists; the
 * window (512 GiB) is never the limit in practice.
 */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "kernel/console.h"
#include "lib/string.h"

#define VMALLOC_BASE 0xffffff0000000000ull /* PML4 slot 510 */
#define VMALLOC_SIZE (1ull << 39)
#define VA_CACHED 64 /* free lists for ranges of 1..64 pages; larger: one list */

struct va_range {
    uint64_t va;
    size_t n;
    struct va_range *next;
};

extern uint64_t boot_pml4[512];
static uint64_t va_next = VMALLOC_BASE;
static struct va_range *va_free[VA_CACHED + 1];
static struct va_range *va_free_big;

void vmalloc_init(void)
{
    uint64_t pa = mm_page_alloc();
    if (!pa)
        panic("no memory for the vmalloc window");
    boot_pml4[510] = pa | PTE_P | PTE_W;
}

static uint64_t va_alloc(size_t n)
{
    struct va_range **pp = n <= VA_CACHED ? &va_free[n] : &va_free_big;
    for (struct va_range *r = *pp; r; pp = &r->next, r = r->next) {
        if (r->n != n)
            continue;
        uint64_t va = r->va;
        *pp = r->next;
        kfree(r);
        return va;
    }
    if (va_next + n * PAGE_SIZE > VMALLOC_BASE + VMALLOC_SIZE)
        return 0;
    uint64_t va = va_next;
    va_next += (n + 1) * PAGE_SIZE; /* one unmapped guard page after each range */
    return va;
}

static void va_release(uint64_t va, size_t n)
{
    struct va_range *r = kmalloc(sizeof(*r));
    if (!r)
        return; /* the range is lost, nothing else */
    r->va = va;
    r->n = n;
    struct va_range **head = n <= VA_CACHED ? &va_free[n] : &va_free_big;
    r->next = *head;
    *head = r;
}

static uint64_t kernel_pml4(void)
{
    return KIMG_TO_PHYS((uint64_t)boot_pml4);
}

static void unmap(uint64_t va, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t *pte = pgtable_pte(kernel_pml4(), va + i * PAGE_SIZE, 0);
        if (!pte || !(*pte & PTE_P))
            continue;
        uint64_t pa = *pte & PTE_ADDR;
        *pte = 0;
        invlpg(va + i * PAGE_SIZE);
        mm_page_put(pa);
    }
}

void *vmalloc(size_t n)
{
    uint64_t va = va_alloc(n);
    if (!va)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t pa = mm_page_alloc();
        uint64_t *pte = pa ? pgtable_pte(kernel_pml4(), va + i * PAGE_SIZE, 1) : 0;
        if (!pte) {
            if (pa)
                mm_page_put(pa);
            unmap(va, i);
            va_release(va, n);
            return 0;
        }
        *pte = pa | PTE_P | PTE_W | pte_nx;
    }
    return (void *)va;
}

void vfree(void *p, size_t n)
{
    unmap((uint64_t)p, n);
    va_release((uint64_t)p, n);
}
