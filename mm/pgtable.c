/* mm/pgtable.c: x86-64 4-level page tables for user address spaces.
 *
 * Every address space has its own PML4 whose upper half (entries 256..511)
 * is copied from the kernel's, so the kernel is mapped everywhere,
 * supervisor-only.  Intermediate tables below the user half belong to the
 * address space and are freed with it.
 */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
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

/* A new table for mm (NULL: the kernel's, never freed), remembered in
 * mm->tables so that destroying the address space frees tables without
 * scanning them.  0 on ENOMEM. */
static uint64_t table_alloc(struct mm *mm)
{
    if (mm && mm->ntables == mm->tables_cap) {
        uint32_t cap = mm->tables_cap ? mm->tables_cap * 2 : 16;
        uint64_t *v = kmalloc(cap * sizeof(uint64_t));
        if (!v)
            return 0;
        if (mm->tables)
            memcpy(v, mm->tables, mm->ntables * sizeof(uint64_t));
        kfree(mm->tables);
        mm->tables = v;
        mm->tables_cap = cap;
    }
    uint64_t pa = mm_page_alloc();
    if (pa && mm)
        mm->tables[mm->ntables++] = pa;
    return pa;
}

static uint64_t *pte_of(uint64_t pml4, struct mm *mm, uint64_t va, int create)
{
    uint64_t *t = PHYS_TO_VIRT(pml4);
    for (int shift = 39; shift > 12; shift -= 9) {
        uint64_t *e = &t[(va >> shift) & 511];
        if (!(*e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t pa = table_alloc(mm);
            if (!pa)
                return 0;
            *e = pa | PTE_P | PTE_W | PTE_U;
        }
        t = PHYS_TO_VIRT(*e & PTE_ADDR);
    }
    return &t[(va >> 12) & 511];
}

uint64_t *pgtable_pte(uint64_t pml4, uint64_t va, int create)
{
    return pte_of(pml4, 0, va, create);
}

uint64_t *mm_pte(struct mm *mm, uint64_t va, int create)
{
    return pte_of(mm->pml4, mm, va, create);
}

/* The eight PTEs at t ORed: zero when all are absent (absent PTEs are zero). */
static inline uint64_t any8(const uint64_t *t)
{
    return t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7];
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
        for (unsigned i = (va >> 12) & 511; i < 512 && va < end; i++, va += PAGE_SIZE) {
            if (!(i & 7) && va + 8 * PAGE_SIZE <= end && !any8(&t[i])) {
                i += 7; /* eight absent PTEs at once: tables are mostly empty */
                va += 7 * PAGE_SIZE;
                continue;
            }
            if (t[i] & PTE_P)
                fn(&t[i], va, arg);
        }
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

static void put_one(uint64_t *pte, uint64_t va, uint64_t arg)
{
    if (*pte & PTE_MANAGED)
        mm_page_put(*pte & PTE_ADDR);
}

void pgtable_destroy(struct mm *mm)
{
    /* pages are mapped only inside VMAs (munmap clears), so walking them
     * finds every frame; the tables are all in mm->tables */
    struct list *it;
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        walk(mm->pml4, v->start, v->end, put_one, 0);
    }
    for (uint32_t i = 0; i < mm->ntables; i++)
        mm_page_put(mm->tables[i]);
    kfree(mm->tables);
    mm->tables = 0;
    mm->ntables = mm->tables_cap = 0;
    mm_page_put(mm->pml4);
}

int pgtable_copy(uint64_t src, struct mm *dst, uint64_t start, uint64_t end, int cow)
{
    uint64_t va = start;
    while (va < end) {
        uint64_t *t = PHYS_TO_VIRT(src);
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
        /* one leaf table: its destination is looked up (or made) once */
        uint64_t *d = 0;
        for (unsigned i = (va >> 12) & 511; i < 512 && va < end; i++, va += PAGE_SIZE) {
            if (!(i & 7) && va + 8 * PAGE_SIZE <= end && !any8(&t[i])) {
                i += 7;
                va += 7 * PAGE_SIZE;
                continue;
            }
            uint64_t e = t[i];
            if (!(e & PTE_P))
                continue;
            if (!d) {
                d = mm_pte(dst, va, 1);
                if (!d)
                    return -ENOMEM;
                d -= i;
            }
            if (cow && (e & PTE_W)) {
                e &= ~PTE_W;
                t[i] = e;
            }
            if (e & PTE_MANAGED)
                mm_page_get(e & PTE_ADDR);
            d[i] = e;
        }
    }
    return 0;
}
