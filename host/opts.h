/* host/opts.h: the options of `kiln run`, parsed from its command line. */
#ifndef KILN_HOST_OPTS_H
#define KILN_HOST_OPTS_H

#include <stdint.h>
#include "host/net.h"

#define OPTS_MEM_DEFAULT (128ull << 20)
#define OPTS_MEM_MIN (2ull << 20)
#define OPTS_MEM_MAX (3ull << 30)

enum opts_vmm { OPTS_VMM_AUTO, OPTS_VMM_KVM, OPTS_VMM_QEMU, OPTS_VMM_TCG };
/* --machine: the QEMU machine (host/qemu.c); kiln's own monitor is microvm-like */
enum opts_machine { OPTS_MACHINE_MICROVM, OPTS_MACHINE_Q35, OPTS_MACHINE_PC };
/* --fpu: how the kernel saves FPU state; AUTO: XSAVE under TCG, FXSAVE under KVM */
enum opts_fpu { OPTS_FPU_AUTO, OPTS_FPU_XSAVE, OPTS_FPU_FXSAVE };

struct opts_file {
    const char *host;  /* host path as given */
    const char *guest; /* absolute guest path */
};

/* -v HOST:GUEST[:ro] (host/volume.c) */
struct opts_volume {
    const char *host;  /* as given */
    const char *guest; /* absolute guest path */
    int ro;
};

struct opts {
    const char **env; /* KEY=VAL, in order; PATH added unless given */
    unsigned nenv;
    struct opts_file *files; /* --file, in order */
    unsigned nfiles;
    struct opts_volume *vols; /* -v HOST:GUEST[:ro], in order */
    unsigned nvols;
    const char **qemu_args; /* --qemu-arg, split at whitespace */
    unsigned nqemu_args;
    uint64_t mem;        /* guest RAM bytes, page-aligned */
    const char *workdir; /* -w, absolute; NULL: the host's cwd */
    const char *kernel;  /* --kernel; NULL: next to the kiln binary */
    enum opts_vmm vmm;
    enum opts_machine machine;
    enum opts_fpu fpu;
    int strace, verbose, quiet;
    int with_nss; /* --with-nss: pack glibc's NSS modules and gconv too */
    struct net_opts net; /* --net, -p (host/net.h) */
    const char *prog; /* PROGRAM as typed */
    char **args;      /* argv[1..] of the program, NULL-terminated */
    int nargs;
};

/* Parse `kiln run`'s arguments (argv[0] is "run").  Options stop at the first
 * non-option, PROGRAM; the rest is the program's.  Returns 0; 1 when --help
 * was printed (exit 0); or -EINVAL after printing a usage error (exit 125). */
int opts_parse(int argc, char **argv, struct opts *o);

/* Parse a size such as "64M", "1G", "512K" or "1048576B"; a bare number is
 * MiB, as QEMU's -m.  Returns 0 with *bytes set, or -EINVAL. */
int opts_size(const char *s, uint64_t *bytes);

#endif
