/* mm/fork.c: copying an address space for fork.  VMAs are duplicated and
 * every present page is shared with the child: private ones read-only in
 * both, so the first write on either side copies (mm/fault.c cow()); shared
 * ones as they are.  Nothing is copied up front. */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "vfs/vfs.h"

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
        int cow = (v->flags & MAP_TYPE) != MAP_SHARED;
        if (pgtable_copy(old->pml4, mm, v->start, v->end, cow))
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
