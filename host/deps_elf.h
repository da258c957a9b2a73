/* host/deps_elf.h: what an ELF file says about its dynamic linking, read with libelf. */
#ifndef KILN_HOST_DEPS_ELF_H
#define KILN_HOST_DEPS_ELF_H

#include <stddef.h>

struct deps_elf {
    int cls;         /* ELFCLASS32 or ELFCLASS64 */
    int machine;     /* e_machine */
    int type;        /* e_type: ET_EXEC, ET_DYN, ... */
    int has_dynamic; /* it has a PT_DYNAMIC segment */
    char *interp;    /* PT_INTERP, or NULL */
    char **needed;   /* DT_NEEDED names, in order */
    unsigned nneeded;
    char *rpath, *runpath, *soname; /* DT_RPATH, DT_RUNPATH, DT_SONAME or NULL */
};

/* Read the ELF file at path into *e (all strings malloc'd).  Returns 0;
 * -ENOEXEC with why set ("not an ELF file", ...) if it is not a usable
 * ELF file; or -errno if it cannot be opened (why set too). */
int deps_elf_read(const char *path, struct deps_elf *e, char *why, size_t why_len);
void deps_elf_free(struct deps_elf *e);

/* "ELFCLASS32" / "ELFCLASS64" / "ELFCLASS?": names as ld.so prints them. */
const char *deps_elf_class_name(int cls);

#endif
