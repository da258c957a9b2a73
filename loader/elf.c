/* loader/elf.c: execve for ELF programs: static, static-PIE and dynamic.
 *
 * A dynamic program (PT_INTERP) is mapped with its interpreter, the
 * dynamic linker, which the program enters first: AT_BASE is where the
 * interpreter lies, AT_ENTRY and AT_PHDR describe the program, as Linux's
 * binfmt_elf sets them.  ET_DYN programs go to a randomized base (loader/aslr.c).
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
        /* small segments now (fewer traps for small programs); big ones
         * fault in as they run, 64 KiB at a time (mm/fault.c) */
        if (file_end - start <= 32 * PAGE_SIZE) {
            err = mm_populate(mm, start, file_end);
            if (err)
                return err;
        }
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

/* The strings of argv, NUL-separated (as /proc/PID/cmdline), without
 * KILN_NO_ASLR= if env (the program's environment does not have it). */
static char *join_args(char *const argv[], int env, size_t *len)
{
    size_t n = 0;
    for (int i = 0; argv[i]; i++)
        if (!env || !loader_aslr_is_var(argv[i]))
            n += strlen(argv[i]) + 1;
    char *s = kmalloc(n ? n : 1), *p = s;
    if (!s)
        return 0;
    for (int i = 0; argv[i]; i++) {
        if (env && loader_aslr_is_var(argv[i]))
            continue;
        size_t l = strlen(argv[i]) + 1;
        memcpy(p, argv[i], l);
        p += l;
    }
    *len = n;
    return s;
}

/* Open the ELF file at path for execution and check its headers into *ei
 * (which points into *hdr, kmalloc'd).  -ENOENT, -EACCES, -ENOEXEC, -ENOMEM. */
static int elf_open(const char *path, struct inode **inop, char **hdrp, struct elf_info *ei,
                    char *why, size_t why_len)
{
    struct inode *ino;
    char *hdr;
    size_t hlen;
    int err = vfs_lookup(0, path, LOOKUP_FOLLOW, &ino);
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
    err = elf_check_window(hdr, hlen, ino->size, ei, why, why_len);
    if (err)
        goto out_hdr;
    *inop = ino;
    *hdrp = hdr;
    return 0;

out_hdr:
    kfree(hdr);
out_ino:
    inode_put(ino);
    return err;
}

static int map_image(struct mm *mm, struct inode *ino, const struct elf_info *ei, uint64_t bias)
{
    for (unsigned i = 0; i < ei->phnum; i++) {
        if (ei->phdr[i].p_type != PT_LOAD)
            continue;
        int err = map_segment(mm, ino, &ei->phdr[i], bias);
        if (err)
            return err;
    }
    return 0;
}

/* The interpreter goes where mmap would put a mapping of its whole span
 * (below mm->mmap_base, top-down), as Linux's load_elf_interp does.  Its
 * bias is returned in *bias. */
static int map_interp(struct mm *mm, struct inode *ino, const struct elf_info *ei, uint64_t *bias)
{
    uint64_t got;
    int err;

    if (ei->ehdr->e_type == ET_EXEC) {
        *bias = 0;
        return map_image(mm, ino, ei, 0);
    }
    err = mm_map(mm, 0, ei->hi - ei->lo, 0 /* PROT_NONE */, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, &got);
    if (err)
        return err;
    err = mm_unmap(mm, got, ei->hi - ei->lo);
    if (err)
        return err;
    *bias = got - ei->lo;
    return map_image(mm, ino, ei, *bias);
}

int loader_exec(struct process *p, const char *path, char *const argv[], char *const envp[],
                struct regs *r, char *why, size_t why_len)
{
    struct inode *ino, *iino = 0;
    struct elf_info ei, iei;
    struct loader_image img = {0};
    char *hdr = 0, *ihdr = 0;
    struct mm *mm = 0, *old = p->mm;
    uint64_t bias = 0, ibias = 0;
    int err;

    why[0] = 0;
    loader_aslr_from_env(envp);
    err = elf_open(path, &ino, &hdr, &ei, why, why_len);
    if (err)
        return err;
    if (ei.kind == ELF_DYNAMIC) {
        char ipath[256];
        if (ei.interp_len >= sizeof(ipath)) {
            snprintf(why, why_len, "has an interpreter path that is too long");
            err = -ENOEXEC;
            goto out_hdr;
        }
        memcpy(ipath, ei.interp, ei.interp_len);
        ipath[ei.interp_len] = 0;
        err = elf_open(ipath, &iino, &ihdr, &iei, why, why_len);
        if (err) {
            /* Linux's execve fails with the interpreter's error (ENOENT) */
            if (err != -ENOEXEC)
                snprintf(why, why_len, "interpreter %s: %s", ipath,
                         err == -ENOENT    ? "No such file or directory"
                         : err == -EACCES ? "Permission denied"
                                          : "cannot be loaded");
            else {
                char inner[96];
                strlcpy(inner, why, sizeof(inner));
                snprintf(why, why_len, "interpreter %s: %s", ipath, inner);
            }
            goto out_hdr;
        }
        if (iei.kind == ELF_DYNAMIC) {
            snprintf(why, why_len, "interpreter %s: has an interpreter itself", ipath);
            err = -ENOEXEC;
            goto out_interp;
        }
    }
    if (ei.kind == ELF_DYNAMIC && ei.ehdr->e_type == ET_DYN)
        bias = loader_pie_base() - ei.lo;

    mm = mm_create();
    if (!mm) {
        err = -ENOMEM;
        goto out_interp;
    }
    p->mm = mm;
    mm_activate(mm);
    /* the stack top moves by up to 16 GiB (STACK_RND_MASK), the mmap base
     * below it by up to 1 TiB, as on Linux */
    mm->stack_top = STACK_TOP - loader_rnd_pages(22);
    mm->mmap_base = mm->stack_top - STACK_SIZE - (1ull << 30) - loader_rnd_pages(28);
    if (ei.kind == ELF_STATIC_PIE) {
        /* A program without an interpreter may be one (ld.so run directly):
         * Linux puts it in the mmap area, away from the programs it loads,
         * and, when randomizing, its brk where a PIE's would be. */
        err = map_interp(mm, ino, &ei, &bias);
        mm->brk_start = mm->brk = loader_aslr ? loader_pie_base() : ei.hi + bias;
    } else {
        err = map_image(mm, ino, &ei, bias);
        mm->brk_start = mm->brk = ei.hi + bias;
    }
    if (err)
        goto out_mm;
    if (iino) {
        err = map_interp(mm, iino, &iei, &ibias);
        if (err)
            goto out_mm;
    }
    uint64_t got;
    err = mm_map(mm, mm->stack_top - STACK_SIZE, STACK_SIZE,
                 PROT_READ | PROT_WRITE | (ei.exec_stack ? PROT_EXEC : 0),
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0, 0, &got);
    if (err)
        goto out_mm;
    mm_find_vma(mm, got)->name = "[stack]";
    mm->vdso = vdso_map(mm, VDSO_BELOW(mm->stack_top));

    img.phdr = ei.phdr_vaddr ? ei.phdr_vaddr + bias : 0;
    img.phnum = ei.phnum;
    img.entry = ei.entry + bias;
    img.base = iino ? ibias : 0;
    long sp = loader_stack(mm, argv, envp, argv[0] ? argv[0] : path, &img);
    if (sp < 0) {
        err = sp;
        goto out_mm;
    }
    size_t clen, elen;
    char *cmdline = join_args(argv, 0, &clen), *environ = join_args(envp, 1, &elen);
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
    r->rip = iino ? iei.entry + ibias : img.entry;
    r->rsp = sp;
    r->rflags = RFLAGS_IF | 2;
    r->cs = GDT_UCODE;
    r->ss = GDT_UDATA;
    if (old)
        mm_put(old);
    kfree(ihdr);
    if (iino)
        inode_put(iino);
    kfree(hdr);
    inode_put(ino);
    return 0;

out_mm:
    p->mm = old;
    if (old)
        mm_activate(old);
    mm_put(mm);
out_interp:
    kfree(ihdr);
    if (iino)
        inode_put(iino);
out_hdr:
    kfree(hdr);
    inode_put(ino);
    return err;
}
