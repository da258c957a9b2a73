/* mm/fault.c: page faults: demand-zero, file pages, copy-on-write.
 *
 * A private file page that is a whole page of the file is mapped read-only
 * straight from the page cache (for initrd files: from the initrd itself, no
 * copy); a write then copies it.  A private page is writable in place only
 * when this mapping holds the frame's only reference.
 */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "include/linux/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "vfs/vfs.h"

#define PF_PRESENT 1
#define PF_WRITE 2
#define PF_INSN 16

static uint64_t copy_page(uint64_t src)
{
    uint64_t pa = mm_page_alloc();
    if (pa && src)
        memcpy(PHYS_TO_VIRT(pa), PHYS_TO_VIRT(src), PAGE_SIZE);
    return pa;
}

#define FAULT_AROUND 16 /* pages: one trap fills an aligned 64 KiB block */

/* The aligned fault-around block holding va, within v: [*lo, *hi); its
 * first PTE (one table holds the whole block, and fault_in already made it
 * this address space's own). */
static uint64_t *around(struct mm *mm, struct vma *v, uint64_t va, uint64_t *lo, uint64_t *hi)
{
    *lo = va & ~(FAULT_AROUND * PAGE_SIZE - 1);
    *hi = *lo + FAULT_AROUND * PAGE_SIZE;
    if (*lo < v->start)
        *lo = v->start;
    if (*hi > v->end)
        *hi = v->end;
    return mm_pte(mm, *lo, MM_PTE_MODIFY);
}

/* Anonymous memory: map never-used (zero) frames for the absent pages of
 * the aligned block around va, so a program touching fresh memory takes one
 * trap per block instead of one per page.  Stops quietly when fresh frames
 * run out; the faulting page itself is handled by the caller. */
static void fault_around(struct mm *mm, struct vma *v, uint64_t va, uint64_t prot)
{
    uint64_t lo, hi, *pte = around(mm, v, va, &lo, &hi);
    size_t n = (hi - lo) / PAGE_SIZE;
    uint64_t pa = mm_page_alloc_fresh(n);
    if (!pa)
        return;
    for (uint64_t a = lo; a < hi; a += PAGE_SIZE, pte++, pa += PAGE_SIZE) {
        if (a == va || (*pte & PTE_P))
            mm_page_put(pa); /* not needed here: recycle */
        else
            *pte = pa | prot | PTE_MANAGED;
    }
}

/* File pages read through a private mapping: map the absent neighbours in
 * the aligned block around va read-only from the page cache too (for
 * initrd files that is the initrd itself), so that running a big program
 * takes one trap per 64 KiB of code it touches, not per page.  Only whole
 * pages already in the cache; never allocates. */
static void fault_around_file(struct mm *mm, struct vma *v, uint64_t va, uint64_t prot)
{
    uint64_t lo, hi, *pte = around(mm, v, va, &lo, &hi);
    for (uint64_t a = lo; a < hi; a += PAGE_SIZE, pte++) {
        uint64_t off = v->off + (a - v->start), src;
        if (a == va || (*pte & PTE_P))
            continue;
        if (off + PAGE_SIZE > v->inode->size)
            break;
        if (inode_page(v->inode, off / PAGE_SIZE, INODE_PAGE_READ, &src) || !src)
            continue;
        mm_page_get(src);
        *pte = src | (prot & ~PTE_W) | PTE_MANAGED;
    }
}

/* Fill the absent page at va (page-aligned) of v. */
static int fill(struct mm *mm, struct vma *v, uint64_t va, int write, uint64_t *pte)
{
    uint64_t prot = mm_prot_pte(v->prot), pa;
    if (!v->inode) {
        pa = mm_page_alloc();
        if (!pa)
            return -ENOMEM;
        *pte = pa | prot | PTE_MANAGED;
        if (!(v->flags & MAP_GROWSDOWN))
            fault_around(mm, v, va, prot);
        return 0;
    }
    uint64_t off = v->off + (va - v->start);
    uint64_t index = off / PAGE_SIZE;
    int shared = (v->flags & MAP_TYPE) == MAP_SHARED;
    if (off >= PAGE_UP(v->inode->size))
        return -ENXIO; /* past EOF: SIGBUS (BUS_ADRERR), as Linux */
    uint64_t src;
    int err = inode_page(v->inode, index,
                         shared && (v->prot & PROT_WRITE) ? INODE_PAGE_WRITE
                         : shared                         ? INODE_PAGE_MAP
                                                          : INODE_PAGE_READ,
                         &src);
    if (err)
        return err;
    int whole = off + PAGE_SIZE <= v->inode->size;
    if (shared) {
        if (!src)
            return -EFAULT;
        mm_page_get(src);
        *pte = src | prot | PTE_MANAGED;
        return 0;
    }
    if (!write && src && whole) {
        mm_page_get(src);
        *pte = src | (prot & ~PTE_W) | PTE_MANAGED;
        fault_around_file(mm, v, va, prot);
        return 0;
    }
    pa = copy_page(src);
    if (!pa)
        return -ENOMEM;
    if (src && !whole) /* bytes past EOF read as zero */
        memset((char *)PHYS_TO_VIRT(pa) + (v->inode->size - index * PAGE_SIZE), 0,
               PAGE_SIZE - (v->inode->size - index * PAGE_SIZE));
    *pte = pa | prot | PTE_MANAGED;
    return 0;
}

/* Write to a present read-only page of a writable private mapping. */
static int cow(struct vma *v, uint64_t va, uint64_t *pte)
{
    uint64_t old = *pte & PTE_ADDR, managed = *pte & PTE_MANAGED;
    if (managed && mm_page_refs(old) == 1) {
        *pte |= PTE_W;
    } else {
        uint64_t pa = copy_page(old);
        if (!pa)
            return -ENOMEM;
        *pte = pa | mm_prot_pte(v->prot) | PTE_MANAGED;
        if (managed)
            mm_page_put(old);
    }
    invlpg(va);
    return 0;
}

static int fault_in(struct mm *mm, struct vma *v, uint64_t va, int write)
{
    va &= PAGE_MASK;
    uint64_t *pte = mm_pte(mm, va, MM_PTE_CREATE);
    if (!pte)
        return -ENOMEM;
    if (!(*pte & PTE_P))
        return fill(mm, v, va, write, pte);
    if (write && !(*pte & PTE_W)) {
        if ((v->flags & MAP_TYPE) == MAP_SHARED) { /* made writable by mprotect */
            *pte |= PTE_W;
            invlpg(va);
            return 0;
        }
        return cow(v, va, pte);
    }
    return 0; /* already there (spurious, or another path filled it) */
}

static int allowed(struct vma *v, uint64_t err)
{
    if ((err & PF_WRITE) && !(v->prot & PROT_WRITE))
        return 0;
    if ((err & PF_INSN) && !(v->prot & PROT_EXEC))
        return 0;
    if (!(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
        return 0;
    return 1;
}

uint64_t mm_fault_count;

int mm_fault(uint64_t addr, uint64_t err)
{
    mm_fault_count++;
    struct task *t = current();
    if (!t || addr >= USER_TOP)
        return -EFAULT;
    struct mm *mm = t->proc->mm;
    struct vma *v = mm_find_vma(mm, addr);
    if (!v || !allowed(v, err))
        return -EFAULT;
    return fault_in(mm, v, addr, err & PF_WRITE);
}

int mm_fault_code(uint64_t addr)
{
    struct task *t = current();
    if (t && addr < USER_TOP && mm_find_vma(t->proc->mm, addr))
        return SEGV_ACCERR;
    return SEGV_MAPERR;
}

int mm_populate(struct mm *mm, uint64_t start, uint64_t end)
{
    for (uint64_t va = start & PAGE_MASK; va < end; va += PAGE_SIZE) {
        struct vma *v = mm_find_vma(mm, va);
        if (!v)
            return -ENOMEM;
        int write = (v->prot & PROT_WRITE) && (v->flags & MAP_TYPE) == MAP_PRIVATE;
        int err = fault_in(mm, v, va, write && v->inode);
        if (err)
            return err;
    }
    return 0;
}
