/* vfs/export.c: at the end of the VM, describe every writable volume for the host.
 *
 * The host copies a -v directory in through the initrd and, after the VM
 * has stopped, copies the guest's final tree back (host/volume_apply.c).
 * This file writes the description: records in 4 KiB pages, one per file,
 * directory or symlink, in pre-order.  File data is not copied: a record
 * points at the file's own page array (tmpfs keeps one 64-bit frame address
 * per page), split where that array crosses a page of kernel memory, so a
 * 256 MiB file costs 128 chunk entries and no data bytes.  Kernel
 * instructions are what is expensive here (ring 0 may be emulated), so the
 * work is per file and per 512 pages, never per byte.
 *
 * The walk needs no stack: a directory's parent is ->parent, and the place
 * to resume in it is found again from the last component of the path.
 */
#include "vfs/vfs.h"
#include "arch/x86_64/cpu.h"
#include "include/kiln_abi.h"
#include "kernel/console.h"
#include "lib/string.h"
#include "mm/mm.h"

#define VMALLOC_LO 0xffffff0000000000ull /* PML4 slot 510 (mm/vmalloc.c) */
#define VMALLOC_HI 0xffffff8000000000ull
#define REC_ROOM (PAGE_SIZE - sizeof(struct kiln_export_page))

struct export {
    uint64_t first;                 /* pa of the first page */
    struct kiln_export_page *page;  /* the page being filled */
    char path[PATH_MAX];
    int failed;
};

static struct export ex;

static uint64_t export_pa(const void *va)
{
    uint64_t v = (uint64_t)va;
    if (v >= VMALLOC_LO && v < VMALLOC_HI) {
        uint64_t *pte = pgtable_pte(read_cr3() & PTE_ADDR, v, 0);
        return pte && (*pte & PTE_P) ? (*pte & PTE_ADDR) | (v & (PAGE_SIZE - 1)) : 0;
    }
    return VIRT_TO_PHYS(va);
}

/* Room for a record of len bytes (a multiple of 8), or NULL. */
static struct kiln_export_rec *export_room(size_t len)
{
    if (len > REC_ROOM)
        return 0;
    if (!ex.page || ex.page->used + len > REC_ROOM) {
        uint64_t pa = mm_page_alloc(); /* zeroed */
        if (!pa) {
            ex.failed = 1;
            return 0;
        }
        struct kiln_export_page *p = PHYS_TO_VIRT(pa);
        p->magic = KILN_EXPORT_MAGIC;
        if (ex.page)
            ex.page->next = pa;
        else
            ex.first = pa;
        ex.page = p;
    }
    struct kiln_export_rec *r = (void *)((char *)(ex.page + 1) + ex.page->used);
    ex.page->used += len;
    return r;
}

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* One record; chunks for a regular file's pages from page first on.
 * Returns the file page after the last one described. */
static uint64_t export_rec(const struct vfs_mount *m, struct inode *ino, size_t plen,
                           unsigned flags, uint64_t first)
{
    uint64_t npages = 0;
    size_t tlen = S_ISLNK(ino->mode) ? ino->size : 0;
    size_t fixed = sizeof(struct kiln_export_rec) + plen + tlen;
    unsigned maxc = 0, n = 0;

    if (S_ISREG(ino->mode) && !(flags & KILN_EXPORT_KEEP)) {
        npages = PAGE_UP(ino->size) / PAGE_SIZE;
        if (npages > ino->file.npages)
            npages = ino->file.npages; /* the rest is a hole */
        if (fixed + 8 + sizeof(struct kiln_export_chunk) <= REC_ROOM)
            maxc = (REC_ROOM - fixed - 8) / sizeof(struct kiln_export_chunk);
        if (first < npages && !maxc)
            goto too_long;
    }
    /* count the chunks this record takes */
    uint64_t pg = first;
    while (pg < npages && n < maxc) {
        uint64_t va = (uint64_t)&ino->file.pages[pg];
        uint64_t fit = (PAGE_SIZE - (va & (PAGE_SIZE - 1))) / 8;
        pg += fit < npages - pg ? fit : npages - pg;
        n++;
    }
    size_t len = align8(fixed + n * sizeof(struct kiln_export_chunk));
    struct kiln_export_rec *r = export_room(len);
    if (!r)
        goto too_long;
    r->len = len;
    r->mode = ino->mode;
    r->ino = ino->ino;
    r->size = ino->size;
    r->mtime_sec = ino->mtime.tv_sec;
    r->mtime_nsec = ino->mtime.tv_nsec;
    r->path_len = plen;
    r->vol = m->index;
    r->flags = flags | (vfs_mount_changed(ino) ? KILN_EXPORT_CHANGED : 0) |
               (ino->vflags & INODE_DIRTY ? KILN_EXPORT_DATA : 0) |
               (pg < npages ? KILN_EXPORT_MORE : 0);
    r->first_page = first;
    r->nchunks = n;
    struct kiln_export_chunk *c = (void *)(r + 1);
    for (uint64_t p = first; p < pg; c++) {
        uint64_t va = (uint64_t)&ino->file.pages[p];
        uint64_t fit = (PAGE_SIZE - (va & (PAGE_SIZE - 1))) / 8;
        c->gpa = export_pa((void *)va);
        c->count = fit < pg - p ? fit : pg - p;
        p += c->count;
    }
    memcpy(c, ex.path, plen);
    if (tlen)
        memcpy((char *)c + plen, ino->symlink, tlen);
    return pg;

too_long:
    if (!ex.failed)
        klog("kiln: -v: %s: path too long to copy back\n", ex.path);
    return npages;
}

static void export_entry(const struct vfs_mount *m, struct inode *ino, size_t plen)
{
    unsigned flags = ino->dev != m->dev ? KILN_EXPORT_KEEP : 0;
    uint64_t pg = 0;
    if (!S_ISDIR(ino->mode) && !S_ISREG(ino->mode) && !S_ISLNK(ino->mode))
        return; /* fifos, devices, sockets: not copied either way */
    do
        pg = export_rec(m, ino, plen, flags, pg);
    while (S_ISREG(ino->mode) && !(flags & KILN_EXPORT_KEEP) &&
           pg < PAGE_UP(ino->size) / PAGE_SIZE && pg < ino->file.npages && !ex.failed);
}

static void export_volume(const struct vfs_mount *m)
{
    struct inode *dir = m->root, *ino;
    void *cur = 0;
    size_t plen = 0, len;
    const char *name;

    ex.path[0] = 0;
    export_entry(m, dir, 0);
    while (!ex.failed) {
        ino = tmpfs_iter(dir, &cur, &name, &len);
        if (!ino) {
            if (dir == m->root)
                break;
            /* back up to the parent, just after this directory's entry */
            size_t i = plen;
            while (i && ex.path[i - 1] != '/')
                i--;
            cur = tmpfs_iter_at(dir->parent, ex.path + i, plen - i);
            dir = dir->parent;
            plen = i ? i - 1 : 0;
            ex.path[plen] = 0;
            if (!cur)
                break; /* cannot happen: the walk holds the only changes */
            continue;
        }
        size_t nlen = plen + (plen ? 1 : 0) + len;
        if (nlen >= sizeof(ex.path)) {
            klog("kiln: -v: a path under %s is too long to copy back\n", ex.path);
            continue;
        }
        if (plen)
            ex.path[plen] = '/';
        memcpy(ex.path + nlen - len, name, len);
        ex.path[nlen] = 0;
        export_entry(m, ino, nlen);
        if (S_ISDIR(ino->mode) && ino->dev == m->dev && ino->iops == &tmpfs_iops) {
            dir = ino;
            cur = 0;
            plen = nlen;
        } else {
            ex.path[plen] = 0;
        }
    }
}

void vfs_export_all(void)
{
    static int done;
    struct vfs_mount *m;

    if (done++)
        return; /* a panic while exporting must not export again */
    for (int i = 0; (m = vfs_mount_at(i)); i++)
        if (!m->ro)
            export_volume(m);
    if (ex.failed)
        klog("kiln: -v: out of memory describing the volumes; nothing copied back\n");
    if (!ex.first || ex.failed)
        return;
    uint64_t pa = ex.first;
    outsb(KILN_PORT_EXPORT, &pa, sizeof(pa));
}
