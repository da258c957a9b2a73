/* mm/pgtable.c: x86-64 4-level page tables for user address spaces.
 *
 * Every address space has its own PML4 whose upper half (entries 256..511)
 * is copied from the kernel's, so the kernel is mapped everywhere,
 * supervisor-only.  Intermediate tables below the user half belong to the
 * address space and are freed with it.
 */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

uint64_t pte_nx;
extern uint64_t boot_pml4[512];

void arch_mm_init(void)
{
    uint32_t r[4];
    cpuid(0x80000001, 0, r);
    if (r[3] & (1u << 20))
        pte_nx = PTE_NX;
    boot_pml4[0] = 0; /* the identity map was for the jump to long mode */
    write_cr3(read_cr3());
}

uint64_t pgtable_create(void)
{
    uint64_t pa = mm_page_alloc();
    if (!pa)
        return 0;
    uint64_t *t = PHYS_TO_VIRT(pa);
    memcpy(t + 256, boot_pml4 + 256, 256 * sizeof(uint64_t));
    return pa;
}

uint64_t *pgtable_pte(uint64_t pml4, uint64_t va, int create)
{
    uint64_t *t = PHYS_TO_VIRT(pml4);
    for (int shift = 39; shift > 12; shift -= 9) {
        uint64_t *e = &t[(va >> shift) & 511];
        if (!(*e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t pa = mm_page_alloc();
            if (!pa)
                return 0;
            *e = pa | PTE_P | PTE_W | PTE_U;
        }
        t = PHYS_TO_VIRT(*e & PTE_ADDR);
    }
    return &t[(va >> 12) & 511];
}

/* Visit the present PTEs of [start, end), skipping absent tables whole. */
static void walk(uint64_t pml4, uint64_t start, uint64_t end,
                 void (*fn)(uint64_t *pte, uint64_t va, uint64_t arg), uint64_t arg)
{
    uint64_t va = start;
    while (va < end) {
        uint64_t *t = PHYS_TO_VIRT(pml4);
        int shift, skip = 0;
        for (shift = 39; shift > 12; shift -= 9) {
            uint64_t e = t[(va >> shift) & 511];
            if (!(e & PTE_P)) {
                uint64_t span = 1ull << shift;
                va = (va & ~(span - 1)) + span;
                skip = 1;
                break;
            }
            t = PHYS_TO_VIRT(e & PTE_ADDR);
        }
        if (skip)
            continue;
        for (unsigned i = (va >> 12) & 511; i < 512 && va < end; i++, va += PAGE_SIZE)
            if (t[i] & PTE_P)
                fn(&t[i], va, arg);
    }
}

static void clear_one(uint64_t *pte, uint64_t va, uint64_t arg)
{
    uint64_t e = *pte;
    *pte = 0;
    invlpg(va);
    if (e & PTE_MANAGED)
        mm_page_put(e & PTE_ADDR);
}

void pgtable_clear(uint64_t pml4, uint64_t start, uint64_t end)
{
    walk(pml4, start, end, clear_one, 0);
}

static void protect_one(uint64_t *pte, uint64_t va, uint64_t flags)
{
    uint64_t e = *pte & (PTE_ADDR | PTE_MANAGED | PTE_P);
    /* keep a read-only PTE read-only: it may be a shared (COW) frame; the
     * write fault will decide */
    uint64_t w = (*pte & PTE_W) ? PTE_W : 0;
    *pte = e | (flags & ~PTE_W) | (flags & w);
    invlpg(va);
}

void pgtable_protect(uint64_t pml4, uint64_t start, uint64_t end, uint64_t flags)
{
    walk(pml4, start, end, protect_one, flags);
}

static void free_level(uint64_t pa, int level)
{
    uint64_t *t = PHYS_TO_VIRT(pa);
    for (int i = 0; i < 512; i++) {
        if (!(t[i] & PTE_P))
            continue;
        if (level > 1)
            free_level(t[i] & PTE_ADDR, level - 1);
        else if (t[i] & PTE_MANAGED)
            mm_page_put(t[i] & PTE_ADDR);
    }
    mm_page_put(pa);
}

void pgtable_destroy(uint64_t pml4)
{
    uint64_t *t = PHYS_TO_VIRT(pml4);
    for (int i = 0; i < 256; i++)
        if (t[i] & PTE_P)
            free_level(t[i] & PTE_ADDR, 3);
    mm_page_put(pml4);
}
