/* host/deps_elf.c: reading PT_INTERP and the dynamic section with libelf.
 *
 * The dynamic section is found through the section headers (its sh_link
 * names the string table); a file without section headers (sstrip'ed) is
 * read through PT_DYNAMIC, with DT_STRTAB's address translated to a file
 * offset through the PT_LOAD segments.  libelf checks every offset against
 * the file; the strings are copied out.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/deps_elf.h"

const char *deps_elf_class_name(int cls)
{
    return cls == ELFCLASS32 ? "ELFCLASS32" : cls == ELFCLASS64 ? "ELFCLASS64" : "ELFCLASS?";
}

void deps_elf_free(struct deps_elf *e)
{
    for (unsigned i = 0; i < e->nneeded; i++)
        free(e->needed[i]);
    free(e->needed);
    free(e->interp);
    free(e->rpath);
    free(e->runpath);
    free(e->soname);
    memset(e, 0, sizeof(*e));
}

/* One dynamic entry whose value is a string: keep the ones we want. */
static int deps_elf_dyn(struct deps_elf *e, int64_t tag, const char *s)
{
    char *dup = strdup(s);
    if (!dup)
        return -ENOMEM;
    switch (tag) {
    case DT_NEEDED: {
        char **n = realloc(e->needed, (e->nneeded + 1) * sizeof(*n));
        if (!n)
            goto nomem;
        e->needed = n;
        n[e->nneeded++] = dup;
        return 0;
    }
    case DT_RPATH:
        free(e->rpath);
        e->rpath = dup;
        return 0;
    case DT_RUNPATH:
        free(e->runpath);
        e->runpath = dup;
        return 0;
    case DT_SONAME:
        free(e->soname);
        e->soname = dup;
        return 0;
    }
nomem:
    free(dup);
    return tag == DT_NEEDED ? -ENOMEM : 0;
}

static int deps_elf_is_str(int64_t tag)
{
    return tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH || tag == DT_SONAME;
}

/* Through the section headers: 1 if a SHT_DYNAMIC section was read. */
static int deps_elf_sections(Elf *elf, struct deps_elf *e)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNAMIC)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        if (!d || !sh.sh_entsize)
            return 0;
        size_t n = sh.sh_size / sh.sh_entsize;
        for (size_t i = 0; i < n; i++) {
            GElf_Dyn dyn;
            if (!gelf_getdyn(d, i, &dyn) || dyn.d_tag == DT_NULL)
                break;
            if (!deps_elf_is_str(dyn.d_tag))
                continue;
            const char *s = elf_strptr(elf, sh.sh_link, dyn.d_un.d_val);
            if (s && deps_elf_dyn(e, dyn.d_tag, s))
                return -ENOMEM;
        }
        return 1;
    }
    return 0;
}

/* File offset of virtual address va, through the PT_LOAD segments. */
static int deps_elf_va_off(Elf *elf, size_t phnum, uint64_t va, uint64_t *off)
{
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD && va >= ph.p_vaddr &&
            va - ph.p_vaddr < ph.p_filesz) {
            *off = ph.p_offset + (va - ph.p_vaddr);
            return 0;
        }
    }
    return -ENOEXEC;
}

/* Entry i of a raw dynamic table of the file's class (little-endian, as
 * the loader accepts); 0 past the end. */
static int deps_elf_rawdyn(const char *tab, size_t len, int cls, size_t i, GElf_Dyn *out)
{
    if (cls == ELFCLASS64) {
        Elf64_Dyn d;
        if (i >= len / sizeof(d))
            return 0;
        memcpy(&d, tab + i * sizeof(d), sizeof(d));
        out->d_tag = d.d_tag;
        out->d_un.d_val = d.d_un.d_val;
    } else {
        Elf32_Dyn d;
        if (i >= len / sizeof(d))
            return 0;
        memcpy(&d, tab + i * sizeof(d), sizeof(d));
        out->d_tag = d.d_tag;
        out->d_un.d_val = d.d_un.d_val;
    }
    return 1;
}

/* Without section headers: PT_DYNAMIC read from the raw file. */
static int deps_elf_segment(Elf *elf, const GElf_Phdr *dph, size_t phnum, struct deps_elf *e)
{
    size_t size;
    const char *raw = elf_rawfile(elf, &size), *tab;
    uint64_t strtab = 0, stroff, i;
    int have_strtab = 0;
    GElf_Dyn dyn;

    if (!raw || dph->p_offset > size || dph->p_filesz > size - dph->p_offset)
        return 0;
    tab = raw + dph->p_offset;
    for (i = 0; deps_elf_rawdyn(tab, dph->p_filesz, e->cls, i, &dyn) && dyn.d_tag != DT_NULL; i++)
        if (dyn.d_tag == DT_STRTAB)
            strtab = dyn.d_un.d_ptr, have_strtab = 1;
    if (!have_strtab || deps_elf_va_off(elf, phnum, strtab, &stroff) || stroff >= size)
        return 0;
    for (i = 0; deps_elf_rawdyn(tab, dph->p_filesz, e->cls, i, &dyn) && dyn.d_tag != DT_NULL; i++) {
        if (!deps_elf_is_str(dyn.d_tag) || dyn.d_un.d_val >= size - stroff)
            continue;
        const char *s = raw + stroff + dyn.d_un.d_val;
        if (!memchr(s, 0, size - stroff - dyn.d_un.d_val))
            continue;
        if (deps_elf_dyn(e, dyn.d_tag, s))
            return -ENOMEM;
    }
    return 1;
}

static int deps_elf_parse(Elf *elf, struct deps_elf *e, char *why, size_t why_len)
{
    GElf_Ehdr eh;
    GElf_Phdr dph;
    size_t phnum, size;
    const char *raw = elf_rawfile(elf, &size);
    int has_dyn = 0, r;

    if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) || !raw) {
        snprintf(why, why_len, "not an ELF file");
        return -ENOEXEC;
    }
    e->cls = gelf_getclass(elf);
    e->machine = eh.e_machine;
    e->type = eh.e_type;
    if (elf_getphdrnum(elf, &phnum))
        phnum = 0;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(elf, i, &ph))
            continue;
        if (ph.p_type == PT_DYNAMIC) {
            dph = ph;
            has_dyn = 1;
        }
        if (ph.p_type == PT_INTERP && !e->interp) {
            if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset || !ph.p_filesz) {
                snprintf(why, why_len, "bad interpreter segment");
                return -ENOEXEC;
            }
            e->interp = strndup(raw + ph.p_offset, ph.p_filesz);
            if (!e->interp)
                return -ENOMEM;
        }
    }
    e->has_dynamic = has_dyn;
    if (!has_dyn)
        return 0;
    r = deps_elf_sections(elf, e);
    if (!r)
        r = deps_elf_segment(elf, &dph, phnum, e);
    return r < 0 ? r : 0;
}

int deps_elf_read(const char *path, struct deps_elf *e, char *why, size_t why_len)
{
    Elf *elf;
    int fd, err;

    memset(e, 0, sizeof(*e));
    why[0] = 0;
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(why, why_len, "libelf: %s", elf_errmsg(-1));
        return -ENOEXEC;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = -errno;
        snprintf(why, why_len, "%s", strerror(-err));
        return err;
    }
    elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    if (!elf) {
        snprintf(why, why_len, "not an ELF file");
        err = -ENOEXEC;
        goto out_close;
    }
    err = deps_elf_parse(elf, e, why, why_len);
    elf_end(elf);
    if (err)
        deps_elf_free(e);
out_close:
    close(fd);
    return err;
}
