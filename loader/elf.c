/* loader/elf.c: execve for static and static-PIE ELF programs.
 *
 * Segments become private file mappings of the program's inode, so pages of
 * an initrd file are mapped in place, read-only, with no copy; writable data
 * is copied and .bss is zero memory.  Everything is populated eagerly: on
 * emulated ring 0 one loop here is far cheaper than a page fault per page.
 */
#include "loader/loader.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "arch/x86_64/vdso.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "loader/elf_check.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define HDR_WINDOW 4096

static int prot_of(uint32_t pf)
{
    return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
           ((pf & PF_X) ? PROT_EXEC : 0);
}

static int map_segment(struct mm *mm, struct inode *ino, const Elf64_Phdr *ph, uint64_t bias)
{
    uint64_t va = ph->p_vaddr + bias;
    uint64_t start = va & PAGE_MASK, off = ph->p_offset & PAGE_MASK;
    uint64_t file_end = PAGE_UP(va + ph->p_filesz), mem_end = PAGE_UP(va + ph->p_memsz);
    int prot = prot_of(ph->p_flags), err;
    uint64_t got;

    if (ph->p_filesz) {
        err = mm_map(mm, start, file_end - start, prot, MAP_PRIVATE | MAP_FIXED, ino, off, &got);
        if (err)
            return err;
        err = mm_populate(mm, start, file_end);
        if (err)
            return err;
        /* the rest of the last file page belongs to .bss: zero it */
        uint64_t tail = va + ph->p_filesz;
        if (ph->p_memsz > ph->p_filesz && (tail & (PAGE_SIZE - 1)) && (prot & PROT_WRITE)) {
            err = clear_user((void *)tail, PAGE_UP(tail) - tail);
            if (err)
                return err;
        }
    } else {
        file_end = start;
    }
    if (mem_end > file_end) {
        err = mm_map(mm, file_end, mem_end - file_end, prot,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0, &got);
        if (err)
            return err;
    }
    return 0;
}

/* The first bytes of the file, from its first page. */
static int read_header(struct inode *ino, char *buf, size_t *len)
{
    uint64_t pa;
    int err = inode_page(ino, 0, 0, &pa);
    if (err)
        return err;
    *len = ino->size < HDR_WINDOW ? ino->size : HDR_WINDOW;
    if (pa)
        memcpy(buf, PHYS_TO_VIRT(pa), *len);
    else
        memset(buf, 0, *len);
    return 0;
}

static char *join_args(char *const argv[], size_t *len)
{
    size_t n = 0;
    for (int i = 0; argv[i]; i++)
        n += strlen(argv[i]) + 1;
    char *s = kmalloc(n ? n : 1), *p = s;
    if (!s)
        return 0;
    for (int i = 0; argv[i]; i++) {
        size_t l = strlen(argv[i]) + 1;
        memcpy(p, argv[i], l);
        p += l;
    }
    *len = n;
    return s;
}

int loader_exec(struct process *p, const char *path, char *const argv[], char *const envp[],
                struct regs *r, char *why, size_t why_len)
{
    struct inode *ino;
    struct elf_info ei;
    char *hdr = 0;
    size_t hlen;
    struct mm *mm = 0, *old = p->mm;
    uint64_t bias = 0;
    int err;

    why[0] = 0;
    err = vfs_lookup(0, path, LOOKUP_FOLLOW, &ino);
    if (err)
        return err;
    if (!S_ISREG(ino->mode) || vfs_permission(ino, X_OK)) {
        err = -EACCES;
        goto out_ino;
    }
    hdr = kmalloc(HDR_WINDOW);
    if (!hdr) {
        err = -ENOMEM;
        goto out_ino;
    }
    err = read_header(ino, hdr, &hlen);
    if (err)
        goto out_hdr;
    err = elf_check_window(hdr, hlen, ino->size, &ei, why, why_len);
    if (err)
        goto out_hdr;
    if (ei.kind == ELF_DYNAMIC) {
        snprintf(why, why_len,
                 "is dynamically linked (interpreter %.*s); dynamic programs are not supported "
                 "yet",
                 (int)ei.interp_len, ei.interp);
        err = -ENOEXEC;
        goto out_hdr;
    }
    if (ei.kind == ELF_STATIC_PIE)
        bias = PIE_BASE - ei.lo;

    mm = mm_create();
    if (!mm) {
        err = -ENOMEM;
        goto out_hdr;
    }
    p->mm = mm;
    mm_activate(mm);
    for (unsigned i = 0; i < ei.phnum; i++) {
        if (ei.phdr[i].p_type != PT_LOAD)
            continue;
        err = map_segment(mm, ino, &ei.phdr[i], bias);
        if (err)
            goto out_mm;
    }
    mm->brk_start = mm->brk = ei.hi + bias;
    uint64_t got;
    err = mm_map(mm, STACK_TOP - STACK_SIZE, STACK_SIZE,
                 PROT_READ | PROT_WRITE | (ei.exec_stack ? PROT_EXEC : 0),
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0, 0, &got);
    if (err)
        goto out_mm;
    mm_find_vma(mm, got)->name = "[stack]";
    mm->stack_top = STACK_TOP;
    mm->mmap_base = STACK_TOP - STACK_SIZE - (1ull << 30); /* a gap below the stack */
    mm->vdso = vdso_map(mm, VDSO_BASE);
    if (mm->mmap_base > 0x7ffff7fff000ull)
        mm->mmap_base = 0x7ffff7fff000ull;

    long sp = loader_stack(mm, argv, envp, argv[0] ? argv[0] : path, &ei, bias);
    if (sp < 0) {
        err = sp;
        goto out_mm;
    }
    size_t clen, elen;
    char *cmdline = join_args(argv, &clen), *environ = join_args(envp, &elen);
    if (!cmdline || !environ) {
        kfree(cmdline);
        kfree(environ);
        err = -ENOMEM;
        goto out_mm;
    }
    kfree(p->cmdline);
    kfree(p->environ);
    p->cmdline = cmdline;
    p->cmdline_len = clen;
    p->environ = environ;
    p->environ_len = elen;
    p->exe_inode = ino;
    const char *base = strrchr(path, '/');
    strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
    memset(r, 0, sizeof(*r));
    r->rip = ei.entry + bias;
    r->rsp = sp;
    r->rflags = RFLAGS_IF | 2;
    r->cs = GDT_UCODE;
    r->ss = GDT_UDATA;
    if (old)
        mm_put(old);
    kfree(hdr);
    inode_put(ino);
    return 0;

out_mm:
    p->mm = old;
    if (old)
        mm_activate(old);
    mm_put(mm);
out_hdr:
    kfree(hdr);
out_ino:
    inode_put(ino);
    return err;
}
