/* loader/elf_check.c: ELF header and program header validation.
 *
 * Every field read from the file is range-checked with overflow-safe
 * arithmetic before use; the loader relies on that and checks nothing again.
 * Shared by the kernel, the host tool and the unit tests (no dependencies).
 */
#include "loader/elf_check.h"

#define ENOEXEC_ 8
#define PAGE_ 4096ull

/* Write msg, with up to two "%u" filled from a and b, into why. */
static int fail(char *why, size_t n, const char *msg, unsigned a, unsigned b)
{
    size_t o = 0;
    unsigned args[2] = {a, b}, ai = 0;
    for (; *msg && o + 1 < n; msg++) {
        if (msg[0] == '%' && msg[1] == 'u' && ai < 2) {
            char d[12];
            int k = 0;
            unsigned v = args[ai++];
            do
                d[k++] = (char)('0' + v % 10);
            while ((v /= 10) && k < 11);
            while (k && o + 1 < n)
                why[o++] = d[--k];
            msg++;
        } else {
            why[o++] = *msg;
        }
    }
    if (n)
        why[o] = 0;
    return -ENOEXEC_;
}

static int add_ok(uint64_t a, uint64_t b, uint64_t *r)
{
    return !__builtin_add_overflow(a, b, r);
}

int elf_check(const void *buf, size_t len, struct elf_info *out, char *why, size_t why_len)
{
    return elf_check_window(buf, len, len, out, why, why_len);
}

int elf_check_window(const void *buf, size_t len, uint64_t file_len, struct elf_info *out,
                     char *why, size_t why_len)
{
    const unsigned char *p = buf;
    const Elf64_Ehdr *eh = buf;
    uint64_t end;
    unsigned i, j, nload = 0;

    if (file_len < len)
        len = file_len;
    if (len < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
        return fail(why, why_len, "not an ELF file", 0, 0);
    if (len < EI_NIDENT)
        return fail(why, why_len, "truncated ELF header", 0, 0);
    if (p[EI_CLASS] == ELFCLASS32)
        return fail(why, why_len, "32-bit ELF is not supported", 0, 0);
    if (p[EI_CLASS] != ELFCLASS64)
        return fail(why, why_len, "bad ELF class", 0, 0);
    if (p[EI_DATA] != ELFDATA2LSB)
        return fail(why, why_len, "big-endian ELF is not supported", 0, 0);
    if (len < sizeof(Elf64_Ehdr))
        return fail(why, why_len, "truncated ELF header", 0, 0);
    if (eh->e_machine == EM_AARCH64)
        return fail(why, why_len, "machine is AArch64, not x86-64", 0, 0);
    if (eh->e_machine == EM_386)
        return fail(why, why_len, "machine is i386, not x86-64", 0, 0);
    if (eh->e_machine != EM_X86_64)
        return fail(why, why_len, "machine %u is not x86-64", eh->e_machine, 0);
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(why, why_len, "not an executable (ELF type %u)", eh->e_type, 0);
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(why, why_len, "bad program header size %u", eh->e_phentsize, 0);
    if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
        return fail(why, why_len, "bad program header count %u", eh->e_phnum, 0);
    if (!add_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), &end) || end > len ||
        (eh->e_phoff & 7))
        return fail(why, why_len, "truncated program header table", 0, 0);

    const Elf64_Phdr *ph = (const Elf64_Phdr *)(p + eh->e_phoff);
    out->ehdr = eh;
    out->phdr = ph;
    out->phnum = eh->e_phnum;
    out->entry = eh->e_entry;
    out->phdr_vaddr = 0;
    /* no PT_GNU_STACK: a non-executable stack, as Linux 5.8+ gives a 64-bit
     * x86 program ("exec-none"; older kernels made it executable) */
    out->exec_stack = 0;
    out->interp = 0;
    out->interp_len = 0;
    out->lo = ~0ull;
    out->hi = 0;

    for (i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *s = &ph[i];
        uint64_t fend, vend;
        if (s->p_type == PT_GNU_STACK)
            out->exec_stack = !!(s->p_flags & PF_X);
        if (s->p_type == PT_INTERP) {
            if (!add_ok(s->p_offset, s->p_filesz, &fend) || fend > len || s->p_filesz < 2 ||
                s->p_filesz > 4096 || p[fend - 1] != 0)
                return fail(why, why_len, "bad interpreter path in segment %u", i, 0);
            out->interp = (const char *)p + s->p_offset;
            out->interp_len = s->p_filesz - 1;
        }
        if (s->p_type != PT_LOAD)
            continue;
        nload++;
        if (!add_ok(s->p_offset, s->p_filesz, &fend) || fend > file_len)
            return fail(why, why_len, "segment %u is truncated", i, 0);
        if (s->p_filesz > s->p_memsz)
            return fail(why, why_len, "segment %u has file size above memory size", i, 0);
        if (!add_ok(s->p_vaddr, s->p_memsz, &vend) || vend > ELF_USER_TOP)
            return fail(why, why_len, "segment %u lies outside user space", i, 0);
        if ((s->p_vaddr & (PAGE_ - 1)) != (s->p_offset & (PAGE_ - 1)))
            return fail(why, why_len, "segment %u is misaligned", i, 0);
        for (j = 0; j < i; j++) {
            const Elf64_Phdr *t = &ph[j];
            if (t->p_type != PT_LOAD || !s->p_memsz || !t->p_memsz)
                continue;
            if (s->p_vaddr < t->p_vaddr + t->p_memsz && t->p_vaddr < vend)
                return fail(why, why_len, "segment %u overlaps segment %u", i, j);
        }
        if (s->p_vaddr < out->lo)
            out->lo = s->p_vaddr & ~(PAGE_ - 1);
        if (vend > out->hi)
            out->hi = (vend + PAGE_ - 1) & ~(PAGE_ - 1);
        /* the phdrs are visible to the program if a segment covers them */
        if (s->p_offset <= eh->e_phoff && end <= fend)
            out->phdr_vaddr = s->p_vaddr + (eh->e_phoff - s->p_offset);
    }
    if (!nload)
        return fail(why, why_len, "no loadable segments", 0, 0);
    if (eh->e_type == ET_EXEC && out->lo < PAGE_)
        return fail(why, why_len, "segment maps the null page", 0, 0);
    if (out->hi - out->lo > (1ull << 40))
        return fail(why, why_len, "segments span too much address space", 0, 0);
    if (out->interp)
        out->kind = ELF_DYNAMIC;
    else
        out->kind = eh->e_type == ET_DYN ? ELF_STATIC_PIE : ELF_STATIC;
    return 0;
}
