/* host/inspect.h: `kiln inspect PROGRAM`: what kiln sees in a binary. */
#ifndef KILN_HOST_INSPECT_H
#define KILN_HOST_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#define INSPECT_NR_MAX 512 /* syscall numbers below this are named; others are "unknown" */

/* The system calls found in one or more files by inspect_scan. */
struct inspect_calls {
    int file[INSPECT_NR_MAX];  /* index of the first file with a `syscall` for the number, or -1 */
    unsigned count[INSPECT_NR_MAX];
    unsigned unknown;          /* `syscall` instructions whose number could not be told */
    unsigned sites;            /* `syscall` instructions found */
};

void inspect_calls_init(struct inspect_calls *c);

/* Scan the executable sections of the ELF file at path (its PF_X segments
 * if it has no section headers) for `syscall` (0f 05) instructions and the
 * constant loaded into eax/rax before each in the same straight-line code
 * (mov $N, xor to zero), decoding with capstone; a site whose number comes
 * from elsewhere (the syscall() wrapper, a register) counts as unknown.
 * Findings go to c, attributed to file index idx.  Returns 0, or -errno
 * with why set. */
int inspect_scan(const char *path, int idx, struct inspect_calls *c, char *why, size_t why_len);

/* What syscall/syscalls.def says about number nr: "implemented", "faked",
 * "enosys" (answered -ENOSYS on purpose) or "missing"; and its Linux name
 * (syscall/linux_syscalls.h), or NULL if Linux has none. */
const char *inspect_sys_kind(unsigned nr);
const char *inspect_sys_name(unsigned nr);

/* `kiln inspect [--json] PROGRAM` (argv[0] is "inspect").  Exit status: 0
 * when nothing known to be needed is missing (interpreter, libraries,
 * system calls); 1 when something is; 2 for a usage error, or a PROGRAM
 * that does not exist or is not an ELF file kiln can load. */
int inspect_main(int argc, char **argv);

#endif
