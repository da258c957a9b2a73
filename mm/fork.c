/* mm/fork.c: copying an address space for fork.  VMAs are duplicated and
 * every present page is shared with the child: private ones read-only in
 * both, so the first write on either side copies (mm/fault.c cow()); shared
 * ones as they are.  Where a 2 MiB block holds only private mappings, the
 * whole leaf page table is shared rather than copied (mm/pgtable.c), so a
 * fork costs in proportion to tables, not pages. */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "vfs/vfs.h"

#define BLOCK (512 * PAGE_SIZE) /* what one leaf table maps */

/* Does every mapping of old in the block at b keep private pages? */
static int block_private(struct mm *old, uint64_t b)
{
    struct list *it;
    list_for_each(it, &old->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->start >= b + BLOCK)
            break;
        if (v->end > b && (v->flags & MAP_TYPE) == MAP_SHARED)
            return 0;
    }
    return 1;
}

/* Give mm the pages of v: whole tables where the block allows, else PTEs. */
static int fork_vma(struct mm *old, struct mm *mm, struct vma *v)
{
    int cow = (v->flags & MAP_TYPE) != MAP_SHARED;
    for (uint64_t a = v->start; a < v->end;) {
        uint64_t b = a & ~(BLOCK - 1), next = b + BLOCK < v->end ? b + BLOCK : v->end;
        int err = cow && block_private(old, b) ? pgtable_share(old, mm, a)
                                               : pgtable_copy(old->pml4, mm, a, next, cow);
        if (err)
            return err;
        a = next;
    }
    return 0;
}

struct mm *mm_fork(struct mm *old)
{
    struct mm *mm = mm_create();
    struct list *it;
    if (!mm)
        return 0;
    mm->brk_start = old->brk_start;
    mm->brk = old->brk;
    mm->mmap_base = old->mmap_base;
    mm->stack_top = old->stack_top;
    mm->vdso = old->vdso;
    mm->total_pages = old->total_pages;
    list_for_each(it, &old->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link), *nv = kmalloc(sizeof(*nv));
        if (!nv)
            goto fail;
        *nv = *v;
        if (nv->inode)
            inode_get(nv->inode);
        list_add_tail(&mm->vmas, &nv->link);
        if (fork_vma(old, mm, nv))
            goto fail;
    }
    if (read_cr3() == old->pml4)
        write_cr3(old->pml4); /* the parent's writable PTEs became read-only */
    return mm;
fail:
    if (read_cr3() == old->pml4)
        write_cr3(old->pml4);
    mm_put(mm);
    return 0;
}
