/* mm/pgtable.c: x86-64 4-level page tables for user address spaces.
 *
 * Every address space has its own PML4 whose upper half (entries 256..511)
 * is copied from the kernel's, so the kernel is mapped everywhere,
 * supervisor-only.  Tables below the user half belong to the address space
 * and are listed in mm->tables (tagged with their level), so destroying it
 * frees them without a search.
 *
 * fork shares leaf tables instead of copying them (as on-demand fork
 * does): where every mapping in a 2 MiB block is private, parent and child
 * point their PDE at the same table, read-only (PDE without W), and the
 * table's frame counts its sharers.  The first change to a shared table in
 * either address space (a write fault, a fill, munmap, mprotect) unshares
 * it: a private copy for that space, with every PTE read-only so that writes
 * then copy frames as usual (mm/fault.c cow()).  A table shared by nobody
 * else any more just gets its PDE's W back, after the same downgrade.
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

#define LEVEL_PT 1 /* mm->tables tags: a leaf table (its PTEs map frames) */
#define LEVEL_MASK 7ull

static int tables_add(struct mm *mm, uint64_t pa, int level)
{
    if (mm->ntables == mm->tables_cap) {
        uint32_t cap = mm->tables_cap ? mm->tables_cap * 2 : 16;
        uint64_t *v = kmalloc(cap * sizeof(uint64_t));
        if (!v)
            return -ENOMEM;
        if (mm->tables)
            memcpy(v, mm->tables, mm->ntables * sizeof(uint64_t));
        kfree(mm->tables);
        mm->tables = v;
        mm->tables_cap = cap;
    }
    mm->tables[mm->ntables++] = pa | level;
    return 0;
}

static void tables_replace(struct mm *mm, uint64_t old, uint64_t new)
{
    for (uint32_t i = 0; i < mm->ntables; i++)
        if ((mm->tables[i] & ~LEVEL_MASK) == old) {
            mm->tables[i] = new | (mm->tables[i] & LEVEL_MASK);
            return;
        }
}

/* A new table at level (1: leaf) for mm (NULL: the kernel's, never
 * freed).  0 on ENOMEM. */
static uint64_t table_alloc(struct mm *mm, int level)
{
    uint64_t pa = mm_page_alloc();
    if (pa && mm && tables_add(mm, pa, level)) {
        mm_page_put(pa);
        return 0;
    }
    return pa;
}

/* The eight PTEs at t ORed: zero when all are absent (absent PTEs are zero). */
static inline uint64_t any8(const uint64_t *t)
{
    return t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7];
}

static void flush_if_current(struct mm *mm)
{
    if (read_cr3() == mm->pml4)
        write_cr3(mm->pml4); /* a PDE changed: no cached walk may keep it */
}

/* Make the leaf table under *pde mm's own (see the top).  0 or -ENOMEM. */
static int unshare(struct mm *mm, uint64_t *pde)
{
    uint64_t old = *pde & PTE_ADDR;
    uint64_t *ot = PHYS_TO_VIRT(old);
    if (mm_page_refs(old) == 1) {
        for (int i = 0; i < 512; i += 8)
            if (any8(&ot[i]))
                for (int j = i; j < i + 8; j++)
                    ot[j] &= ~PTE_W;
        *pde |= PTE_W;
        return 0; /* W only grew at the PDE, and no PTE did: nothing stale to flush */
    }
    uint64_t new = mm_page_alloc();
    if (!new)
        return -ENOMEM;
    uint64_t *nt = PHYS_TO_VIRT(new);
    for (int i = 0; i < 512; i += 8) {
        if (!any8(&ot[i]))
            continue;
        for (int j = i; j < i + 8; j++) {
            uint64_t e = ot[j];
            if (!(e & PTE_P))
                continue;
            e &= ~PTE_W;
            if (e & PTE_MANAGED)
                mm_page_get(e & PTE_ADDR);
            nt[j] = e;
        }
    }
    tables_replace(mm, old, new);
    *pde = new | PTE_P | PTE_W | PTE_U;
    mm_page_put(old);
    flush_if_current(mm);
    return 0;
}

/* The entry for va at the level whose entries are `stop` bits wide (21:
 * the PDE, 12: the PTE), creating missing tables with create; a shared
 * leaf table is made mm's own first when modify.  NULL if absent or on
 * ENOMEM. */
static uint64_t *entry_of(uint64_t pml4, struct mm *mm, uint64_t va, int stop, int create,
                          int modify)
{
    uint64_t *t = PHYS_TO_VIRT(pml4);
    for (int shift = 39; shift > stop; shift -= 9) {
        uint64_t *e = &t[(va >> shift) & 511];
        if (!(*e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t pa = table_alloc(mm, (shift - 12) / 9);
            if (!pa)
                return 0;
            *e = pa | PTE_P | PTE_W | PTE_U;
        } else if (shift == 21 && !(*e & PTE_W) && mm && modify && unshare(mm, e)) {
            return 0;
        }
        t = PHYS_TO_VIRT(*e & PTE_ADDR);
    }
    return &t[(va >> stop) & 511];
}

uint64_t *pgtable_pte(uint64_t pml4, uint64_t va, int create)
{
    return entry_of(pml4, 0, va, 12, create, 0);
}

uint64_t *mm_pte(struct mm *mm, uint64_t va, int how)
{
    return entry_of(mm->pml4, mm, va, 12, how & MM_PTE_CREATE, how != 0);
}

/* Visit the present PTEs of [start, end), skipping absent tables whole;
 * with mm, shared leaf tables are unshared first (fn modifies). */
static int walk(uint64_t pml4, struct mm *mm, uint64_t start, uint64_t end,
                void (*fn)(uint64_t *pte, uint64_t va, uint64_t arg), uint64_t arg)
{
    uint64_t va = start;
    while (va < end) {
        uint64_t *t = PHYS_TO_VIRT(pml4);
        int shift, skip = 0;
        for (shift = 39; shift > 12; shift -= 9) {
            uint64_t *e = &t[(va >> shift) & 511];
            if (!(*e & PTE_P)) {
                uint64_t span = 1ull << shift;
                va = (va & ~(span - 1)) + span;
                skip = 1;
                break;
            }
            if (shift == 21 && !(*e & PTE_W) && mm && unshare(mm, e))
                return -ENOMEM;
            t = PHYS_TO_VIRT(*e & PTE_ADDR);
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
    return 0;
}

static void clear_one(uint64_t *pte, uint64_t va, uint64_t arg)
{
    uint64_t e = *pte;
    *pte = 0;
    invlpg(va);
    if (e & PTE_MANAGED)
        mm_page_put(e & PTE_ADDR);
}

int pgtable_clear(struct mm *mm, uint64_t start, uint64_t end)
{
    return walk(mm->pml4, mm, start, end, clear_one, 0);
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

int pgtable_protect(struct mm *mm, uint64_t start, uint64_t end, uint64_t flags)
{
    return walk(mm->pml4, mm, start, end, protect_one, flags);
}

void pgtable_destroy(struct mm *mm)
{
    /* a leaf table's frames go with its last sharer */
    for (uint32_t i = 0; i < mm->ntables; i++) {
        uint64_t pa = mm->tables[i] & ~LEVEL_MASK;
        if ((mm->tables[i] & LEVEL_MASK) == LEVEL_PT && mm_page_refs(pa) == 1) {
            uint64_t *t = PHYS_TO_VIRT(pa);
            for (int j = 0; j < 512; j += 8)
                if (any8(&t[j]))
                    for (int k = j; k < j + 8; k++)
                        if ((t[k] & (PTE_P | PTE_MANAGED)) == (PTE_P | PTE_MANAGED))
                            mm_page_put(t[k] & PTE_ADDR);
        }
        mm_page_put(pa);
    }
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
                d = mm_pte(dst, va, MM_PTE_CREATE);
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

int pgtable_share(struct mm *src, struct mm *dst, uint64_t va)
{
    uint64_t *spde = entry_of(src->pml4, 0, va, 21, 0, 0);
    if (!spde || !(*spde & PTE_P))
        return 0; /* no table: nothing mapped in this block yet */
    uint64_t *dpde = entry_of(dst->pml4, dst, va, 21, 1, 0);
    if (!dpde)
        return -ENOMEM;
    if (*dpde & PTE_P)
        return 0; /* already shared for an earlier mapping in this block */
    uint64_t pt = *spde & PTE_ADDR;
    if (tables_add(dst, pt, LEVEL_PT))
        return -ENOMEM;
    mm_page_get(pt);
    *spde &= ~PTE_W;
    *dpde = pt | PTE_P | PTE_U;
    return 0;
}
