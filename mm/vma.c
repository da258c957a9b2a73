/* mm/vma.c: address spaces: the sorted VMA list, placement, split, and
 * mmap/munmap/mprotect/mremap/brk on top of it.  Pages are filled lazily by
 * mm/fault.c; this file only edits VMAs and clears or moves PTEs. */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "vfs/vfs.h"

extern uint64_t boot_pml4[512];

#define MMAP_TOP 0x00007f0000000000ull
#define MMAP_BOTTOM 0x0000000000010000ull /* vm.mmap_min_addr */

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));
    if (!mm)
        return 0;
    mm->pml4 = pgtable_create();
    if (!mm->pml4) {
        kfree(mm);
        return 0;
    }
    list_init(&mm->vmas);
    mm->mmap_base = MMAP_TOP;
    mm->refs = 1;
    return mm;
}

static void vma_free(struct vma *v)
{
    list_del(&v->link);
    if (v->inode)
        inode_put(v->inode);
    kfree(v);
}

void mm_put(struct mm *mm)
{
    if (--mm->refs)
        return;
    struct list *it, *n;
    if (read_cr3() == mm->pml4)
        write_cr3(KIMG_TO_PHYS((uint64_t)boot_pml4));
    pgtable_destroy(mm);
    list_for_each_safe(it, n, &mm->vmas) vma_free(list_entry(it, struct vma, link));
    kfree(mm);
}

void mm_activate(struct mm *mm)
{
    if (read_cr3() != mm->pml4)
        write_cr3(mm->pml4);
}

struct vma *mm_find_vma(struct mm *mm, uint64_t addr)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (addr < v->start)
            return 0;
        if (addr < v->end)
            return v;
    }
    return 0;
}

static int range_free(struct mm *mm, uint64_t a, uint64_t e)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->start < e && a < v->end)
            return 0;
    }
    return 1;
}

/* Highest free gap of len bytes below mm->mmap_base. */
static uint64_t find_gap(struct mm *mm, uint64_t len)
{
    uint64_t top = mm->mmap_base;
    struct list *it;
    for (it = mm->vmas.prev; it != &mm->vmas; it = it->prev) {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->start >= top)
            continue;
        if (v->end <= top && top - v->end >= len)
            return top - len;
        top = v->start;
    }
    if (top >= MMAP_BOTTOM + len)
        return top - len;
    return 0;
}

static void vma_insert(struct mm *mm, struct vma *nv)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
    {
        if (list_entry(it, struct vma, link)->start > nv->start)
            break;
    }
    list_add_tail(it, &nv->link);
}

/* Split v at addr (strictly inside); the new upper part is returned. */
static struct vma *vma_split(struct vma *v, uint64_t addr)
{
    struct vma *n = kmalloc(sizeof(*n));
    if (!n)
        return 0;
    *n = *v;
    n->start = addr;
    if (v->inode) {
        n->off = v->off + (addr - v->start);
        inode_get(v->inode);
    }
    v->end = addr;
    list_insert_after(&v->link, &n->link);
    return n;
}

/* Split the VMAs that straddle addr or end, so that every VMA is wholly
 * inside [addr, end) or wholly outside it. */
static int carve(struct mm *mm, uint64_t addr, uint64_t end)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->start < addr && v->end > addr && !vma_split(v, addr))
            return -ENOMEM;
        if (v->start < end && v->end > end && !vma_split(v, end))
            return -ENOMEM;
    }
    return 0;
}

int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    struct list *it, *n;
    if (carve(mm, addr, end))
        return -ENOMEM;
    list_for_each_safe(it, n, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->end <= addr || v->start >= end)
            continue;
        pgtable_clear(mm, v->start, v->end);
        mm->total_pages -= (v->end - v->start) / PAGE_SIZE;
        n = v->link.next;
        vma_free(v);
    }
    return 0;
}

/* Linux's default overcommit heuristic: one private writable mapping may
 * not exceed all of RAM.  The stack (MAP_GROWSDOWN) is address space that
 * fills as it is touched, as Linux's grows: its RLIMIT_STACK reservation is
 * not charged, so a small guest still runs a program with an 8 MiB stack. */
static int too_big(uint64_t len, int prot, int flags)
{
    return (prot & PROT_WRITE) && (flags & MAP_TYPE) == MAP_PRIVATE &&
           !(flags & (MAP_NORESERVE | MAP_GROWSDOWN)) && len / PAGE_SIZE > mm_page_total();
}

int mm_map(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, struct inode *ino,
           uint64_t off, uint64_t *out)
{
    if (len > USER_TOP || too_big(len, prot, flags))
        return -ENOMEM;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr + len > USER_TOP || addr + len < addr)
            return -ENOMEM;
        if (!range_free(mm, addr, addr + len)) {
            if (flags & MAP_FIXED_NOREPLACE)
                return -EEXIST;
            int err = mm_unmap(mm, addr, len);
            if (err)
                return err;
        }
    } else if (!addr || addr < MMAP_BOTTOM || addr + len > USER_TOP ||
               !range_free(mm, addr, addr + len)) {
        addr = find_gap(mm, len);
        if (!addr)
            return -ENOMEM;
    }
    struct vma *v = kzalloc(sizeof(*v));
    if (!v)
        return -ENOMEM;
    v->start = addr;
    v->end = addr + len;
    v->prot = prot;
    v->flags = flags & (MAP_TYPE | MAP_ANONYMOUS | MAP_GROWSDOWN);
    if (ino) {
        v->inode = ino;
        inode_get(ino);
        v->off = off;
    }
    vma_insert(mm, v);
    mm->total_pages += len / PAGE_SIZE;
    *out = addr;
    if (flags & MAP_POPULATE)
        mm_populate(mm, addr, addr + len);
    return 0;
}

static uint64_t prot_pte(int prot)
{
    uint64_t f = PTE_P | PTE_U;
    if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
        f = PTE_P; /* PROT_NONE: present for the kernel, not for ring 3 */
    if (prot & PROT_WRITE)
        f |= PTE_W;
    if (!(prot & PROT_EXEC))
        f |= pte_nx;
    return f;
}

uint64_t mm_prot_pte(int prot)
{
    return prot_pte(prot);
}

int mm_map_special(struct mm *mm, uint64_t va, uint64_t pa, size_t npages, int prot,
                   const char *name)
{
    uint64_t got;
    int err = mm_map(mm, va, npages * PAGE_SIZE, prot, MAP_PRIVATE | MAP_FIXED, 0, 0, &got);
    if (err)
        return err;
    struct vma *v = mm_find_vma(mm, va);
    v->name = name;
    for (size_t i = 0; i < npages; i++) {
        uint64_t *pte = mm_pte(mm, va + i * PAGE_SIZE, MM_PTE_CREATE);
        if (!pte)
            return -ENOMEM;
        *pte = (pa + i * PAGE_SIZE) | prot_pte(prot); /* no PTE_MANAGED: never freed */
    }
    return 0;
}

int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
    uint64_t end = addr + len, at = addr;
    struct list *it;
    /* Linux: ENOMEM if any part of the range is unmapped; check first */
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->end <= at)
            continue;
        if (v->start > at)
            break;
        at = v->end;
        if (at >= end)
            break;
    }
    if (at < end)
        return -ENOMEM;
    if (carve(mm, addr, end))
        return -ENOMEM;
    list_for_each(it, &mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        if (v->end <= addr || v->start >= end)
            continue;
        v->prot = prot;
        if (pgtable_protect(mm, v->start, v->end, prot_pte(prot)))
            return -ENOMEM;
    }
    return 0;
}

/* Move the PTEs of [old, old+len) to new (which has no PTEs). */
static int move_ptes(struct mm *mm, uint64_t old, uint64_t new, uint64_t len)
{
    for (uint64_t o = 0; o < len; o += PAGE_SIZE) {
        uint64_t *src = mm_pte(mm, old + o, MM_PTE_MODIFY);
        if (!src || !(*src & PTE_P))
            continue;
        uint64_t *dst = mm_pte(mm, new + o, MM_PTE_CREATE);
        if (!dst)
            return -ENOMEM;
        *dst = *src;
        *src = 0;
        invlpg(old + o);
    }
    return 0;
}

int mm_remap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
             uint64_t new_addr, uint64_t *out)
{
    struct vma *v = mm_find_vma(mm, old);
    if (!v || old + old_len > v->end)
        return -EFAULT;
    if (!(flags & MREMAP_FIXED) && new_len <= old_len) {
        if (new_len < old_len)
            mm_unmap(mm, old + new_len, old_len - new_len);
        *out = old;
        return 0;
    }
    if (!(flags & MREMAP_FIXED) && old + old_len == v->end &&
        range_free(mm, old + old_len, old + new_len) && old + new_len <= USER_TOP) {
        v->end = old + new_len;
        mm->total_pages += (new_len - old_len) / PAGE_SIZE;
        *out = old;
        return 0;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    /* move: carve out exactly the old range into its own VMA */
    if (v->start < old) {
        v = vma_split(v, old);
        if (!v)
            return -ENOMEM;
    }
    if (v->end > old + old_len && !vma_split(v, old + old_len))
        return -ENOMEM;
    uint64_t dest;
    if (flags & MREMAP_FIXED) {
        dest = new_addr;
        int err = mm_unmap(mm, dest, new_len);
        if (err)
            return err;
    } else {
        dest = find_gap(mm, new_len);
        if (!dest)
            return -ENOMEM;
    }
    uint64_t keep = old_len < new_len ? old_len : new_len;
    int err = move_ptes(mm, old, dest, keep);
    if (err)
        return err;
    if (keep < old_len)
        pgtable_clear(mm, old + keep, old + old_len);
    list_del(&v->link);
    v->start = dest;
    v->end = dest + new_len;
    vma_insert(mm, v);
    mm->total_pages += (new_len - old_len) / PAGE_SIZE;
    *out = dest;
    return 0;
}

int mm_brk(struct mm *mm, uint64_t want, uint64_t *out)
{
    uint64_t cur = PAGE_UP(mm->brk), next = PAGE_UP(want);
    *out = mm->brk;
    if (want < mm->brk_start)
        return 0;
    if (next > cur) {
        if (!range_free(mm, cur, next) || next > mm->mmap_base ||
            too_big(next - cur, PROT_WRITE, MAP_PRIVATE))
            return 0;
        struct vma *heap = cur > mm->brk_start ? mm_find_vma(mm, cur - 1) : 0;
        if (heap && heap->name && heap->end == cur) {
            heap->end = next;
            mm->total_pages += (next - cur) / PAGE_SIZE;
        } else {
            uint64_t got;
            if (mm_map(mm, cur, next - cur, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0, &got))
                return 0;
            mm_find_vma(mm, cur)->name = "[heap]";
        }
    } else if (next < cur) {
        mm_unmap(mm, next, cur - next);
    }
    mm->brk = want;
    *out = want;
    return 0;
}
