/* mm/mm.h: physical frames, kernel heap, page tables, address spaces.
 *
 * Physical memory is reached through the direct map (PHYS_TO_VIRT).  Frames
 * carry a reference count: page tables hold one reference per mapping that
 * has PTE_MANAGED set, the page cache (tmpfs) one per file page.  Frames of
 * the initrd are never freed.
 */
#ifndef KILN_MM_H
#define KILN_MM_H

#include <stddef.h>
#include <stdint.h>
#include "lib/list.h"

#define PAGE_SIZE 4096ull
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define USER_TOP 0x00007ffffffff000ull /* Linux's TASK_SIZE */

/* ---- mm/page.c: frames ---- */
struct hvm_start_info;
/* Take RAM from the PVH memory map, minus [0, reserved_end) and the
 * [hole_start, hole_end) range (the initrd).  Costs no loop over memory. */
void mm_page_init(const struct hvm_start_info *si, uint64_t reserved_end, uint64_t hole_start,
                  uint64_t hole_end);
uint64_t mm_page_alloc(void);           /* a zeroed frame (ref 1), or 0 */
/* n contiguous never-used (so zero) frames from the current region, or 0:
 * no search and no clearing, for fault-around. */
uint64_t mm_page_alloc_fresh(size_t n);
void mm_page_get(uint64_t pa);
void mm_page_put(uint64_t pa);          /* drop a reference; frees at zero */
unsigned mm_page_refs(uint64_t pa);
uint64_t mm_page_free_count(void);      /* frames still available */
uint64_t mm_page_total(void);

/* ---- mm/heap.c: kernel heap ---- */
void *kmalloc(size_t n);                /* NULL on ENOMEM; not zeroed */
void *kzalloc(size_t n);
void kfree(void *p);

/* ---- mm/vmalloc.c: virtually contiguous kernel memory ---- */
void vmalloc_init(void);                /* once, before the first address space */
void *vmalloc(size_t npages);           /* zeroed pages, kernel-only; NULL on ENOMEM */
void vfree(void *p, size_t npages);

/* ---- mm/pgtable.c: x86-64 4-level page tables ---- */
#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_MANAGED 0x200ull /* software bit: the frame is refcounted */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
extern uint64_t pte_nx; /* PTE_NX if the CPU has NX, else 0 */

struct mm;
uint64_t pgtable_create(void);          /* new PML4 sharing the kernel half, or 0 */
/* Pointer to the PTE for va, creating intermediate tables if create != 0;
 * NULL if absent (or ENOMEM when creating).  pgtable_pte is for the
 * kernel's tables.  User address spaces use mm_pte, which keeps the list
 * of tables that pgtable_destroy frees and, for a caller that will change
 * the PTE (MM_PTE_MODIFY, implied by MM_PTE_CREATE), first makes a leaf
 * table shared by fork this address space's own. */
#define MM_PTE_CREATE 1
#define MM_PTE_MODIFY 2
uint64_t *pgtable_pte(uint64_t pml4, uint64_t va, int create);
uint64_t *mm_pte(struct mm *mm, uint64_t va, int how);
/* Clear [start, end), dropping frame references of managed PTEs.  0, or
 * -ENOMEM if a shared table could not be copied. */
int pgtable_clear(struct mm *mm, uint64_t start, uint64_t end);
/* Rewrite permission bits of present PTEs in [start, end); 0 or -ENOMEM. */
int pgtable_protect(struct mm *mm, uint64_t start, uint64_t end, uint64_t flags);
/* Drop every managed frame mapped in mm's VMAs, free its tables and PML4. */
void pgtable_destroy(struct mm *mm);
void arch_mm_init(void);                /* drop the boot identity map */
/* fork: copy the present PTEs of [start, end) from src into dst, taking a
 * frame reference for each managed one; with cow, writable PTEs become
 * read-only in both (the caller flushes src's TLB).  0 or -ENOMEM. */
int pgtable_copy(uint64_t src, struct mm *dst, uint64_t start, uint64_t end, int cow);
/* fork: share src's leaf table for the 2 MiB block holding va with dst
 * (see mm/pgtable.c); the caller checked the block maps only private
 * memory and flushes src's TLB.  0 or -ENOMEM. */
int pgtable_share(struct mm *src, struct mm *dst, uint64_t va);

/* ---- mm/vma.c, mm/mmap.c, mm/fault.c: address spaces ---- */
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_DENYWRITE 0x800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

struct inode;

struct vma {
    struct list link;       /* in mm->vmas, sorted by start */
    uint64_t start, end;
    uint32_t prot;          /* PROT_* */
    uint32_t flags;         /* MAP_SHARED / MAP_PRIVATE / MAP_ANONYMOUS, VMA_* */
    struct inode *inode;    /* file backing (referenced), or NULL */
    uint64_t off;           /* file offset of start */
    const char *name;       /* "[heap]", "[stack]" or NULL, for /proc/self/maps */
};

struct mm {
    uint64_t pml4;          /* physical address of the top-level table */
    struct list vmas;
    uint64_t brk_start, brk;
    uint64_t mmap_base;     /* top of the mmap area; mappings grow down from here */
    uint64_t stack_top;
    uint64_t vdso;          /* where the vDSO is mapped (AT_SYSINFO_EHDR), 0 if not */
    uint64_t total_pages;   /* mapped virtual pages, for RLIMIT_AS-ish checks */
    uint64_t *tables;       /* physical addresses of its page tables below the PML4 */
    uint32_t ntables, tables_cap;
    int refs;
    int membarrier_private; /* MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED done */
};

struct mm *mm_create(void);
void mm_put(struct mm *mm);
/* fork: a copy of mm; private pages become copy-on-write in both,
 * MAP_SHARED ones stay shared.  NULL on ENOMEM. */
struct mm *mm_fork(struct mm *mm);
void mm_activate(struct mm *mm);
/* Map [addr, addr+len) like mmap(2); *out gets the address.  len > 0 and
 * page-aligned; prot/flags already validated.  -ENOMEM, -EEXIST (FIXED_NOREPLACE). */
int mm_map(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, struct inode *ino,
           uint64_t off, uint64_t *out);
int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len);
int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, int prot);
int mm_remap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
             uint64_t new_addr, uint64_t *out);
int mm_brk(struct mm *mm, uint64_t want, uint64_t *out);
/* Fault in every page of [start, end) now (MAP_POPULATE, exec). */
int mm_populate(struct mm *mm, uint64_t start, uint64_t end);
struct vma *mm_find_vma(struct mm *mm, uint64_t addr); /* vma containing addr or NULL */
/* Map npages of frames the kernel owns (not refcounted: the vDSO) at va. */
int mm_map_special(struct mm *mm, uint64_t va, uint64_t pa, size_t npages, int prot,
                   const char *name);
uint64_t mm_prot_pte(int prot);           /* PTE permission bits for PROT_* */

/* Handle a page fault at addr with x86 error code err in the current mm.
 * 0 if resolved; -EFAULT if the access is invalid (caller raises SIGSEGV or
 * takes the uaccess fixup), -ENXIO for a file page past end of file
 * (SIGBUS), -ENOMEM if out of memory. */
int mm_fault(uint64_t addr, uint64_t err);
int mm_fault_code(uint64_t addr);       /* SEGV_MAPERR or SEGV_ACCERR for addr */
extern uint64_t mm_fault_count;         /* page faults handled, for kiln -v */

#endif
