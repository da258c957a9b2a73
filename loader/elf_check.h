/* loader/elf_check.h: validate an ELF image before loading it.
 *
 * Pure code with no kernel dependencies: the kernel's loader, the host tool
 * (to report a bad program before booting) and the unit tests all use it.
 */
#ifndef KILN_LOADER_ELF_CHECK_H
#define KILN_LOADER_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "include/linux/elf.h"

#define ELF_MAX_PHNUM 64
#define ELF_USER_TOP 0x00007ffffffff000ull /* first byte user code cannot map */

enum elf_kind { ELF_STATIC, ELF_STATIC_PIE, ELF_DYNAMIC };

struct elf_info {
    enum elf_kind kind;
    const Elf64_Ehdr *ehdr;
    const Elf64_Phdr *phdr;  /* inside the checked buffer */
    unsigned phnum;
    uint64_t lo, hi;         /* page-rounded span of PT_LOAD vaddrs */
    uint64_t entry;          /* e_entry, unrelocated */
    uint64_t phdr_vaddr;     /* where the phdrs are mapped, 0 if not */
    int exec_stack;          /* PT_GNU_STACK has PF_X (absent: no, as Linux 5.8+) */
    const char *interp;      /* PT_INTERP string inside the buffer, or NULL */
    size_t interp_len;
};

/* Check the ELF image buf[0..len) and describe it in *out.
 * Returns 0, or -ENOEXEC (-8) with a NUL-terminated message naming the
 * problem written to why[0..why_len) ("not an ELF file", "32-bit ELF is not supported",
 * "machine is AArch64, not x86-64", "truncated program header table",
 * "segment 2 overlaps segment 1", ...).  A program with PT_INTERP is valid
 * here (kind ELF_DYNAMIC); whether it may run is the caller's decision. */
int elf_check(const void *buf, size_t len, struct elf_info *out, char *why, size_t why_len);
/* The same, when only the first buf_len bytes of a file_len-byte file are in
 * buf (the kernel reads headers from the page cache): headers and the
 * interpreter path must lie inside buf, segments inside the file. */
int elf_check_window(const void *buf, size_t buf_len, uint64_t file_len, struct elf_info *out,
                     char *why, size_t why_len);

#endif
