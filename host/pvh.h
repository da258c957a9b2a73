/* host/pvh.h: the kernel ELF image and its PVH entry point (include/kiln_abi.h). */
#ifndef KILN_HOST_PVH_H
#define KILN_HOST_PVH_H

#include <stddef.h>
#include <stdint.h>
#include "include/linux/elf.h"

struct pvh_kernel {
    const char *path;
    const uint8_t *data; /* the whole file, mapped read-only */
    size_t size;
    const Elf64_Phdr *phdr; /* inside data; every PT_LOAD checked */
    unsigned phnum;
    uint32_t entry; /* XEN_ELFNOTE_PHYS32_ENTRY */
    uint64_t end;   /* first byte above every PT_LOAD, page-aligned */
};

/* Map the kernel ELF at path and check it: ELF64 x86-64, every PT_LOAD
 * inside the file and below 4 GiB physical, and a PVH entry note.
 * Returns 0, or -errno after printing "kiln: PATH: why". */
int pvh_open(const char *path, struct pvh_kernel *k);

void pvh_close(struct pvh_kernel *k);

#endif
