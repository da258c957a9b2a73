/* host/run.h: `kiln run`: what both engines boot, and the engines themselves. */
#ifndef KILN_HOST_RUN_H
#define KILN_HOST_RUN_H

#include <stdint.h>
#include "host/cmdline.h"
#include "host/initrd.h"
#include "host/opts.h"
#include "host/prog.h"
#include "host/pvh.h"

/* Everything an engine needs, engine-independent and checked. */
struct run {
    const struct opts *o;
    struct prog prog;
    struct pvh_kernel kernel;
    struct initrd initrd;
    uint64_t initrd_size;
    /* the command line without kiln.tsc_khz, which only the engine knows:
     * options first, then "-- PROGRAM ARGS..." */
    struct cmdline cmdline;
};

/* `kiln run ...` (argv[0] is "run"): returns the exit status for kiln. */
int run_main(int argc, char **argv);

/* The full command line: kiln.tsc_khz=KHZ (if khz), kiln.wport (if the
 * engine has KILN_PORT_WRITE), kiln.fpu=fxsave (unless xsave), then
 * r->cmdline.  Returns a malloc'd string, or NULL after printing why (e.g.
 * longer than CMDLINE_MAX). */
char *run_cmdline(const struct run *r, unsigned khz, int wport, int xsave);

/* Does the guest kernel use XSAVE (--fpu, else: only under TCG, as a
 * KVM that emulates ring 0 cannot run it)?  tcg: the engine is QEMU TCG. */
int run_fpu_xsave(const struct opts *o, int tcg);

/* Add kiln.tty=MASK,ROWS,COLS to c if any of kiln's fds 0-2 (fd 0 only
 * if with_stdin: the engine passes stdin) is a terminal (host/run_tty.c).
 * Returns 0 or -errno. */
int run_tty_arg(struct cmdline *c, int with_stdin);

/* Boot r on kiln's own KVM monitor.  Returns the exit status; or, if
 * /dev/kvm is unusable and fallback is set, -ENODEV without printing
 * anything but the fallback notice, and the caller runs QEMU with TCG. */
int run_kvm(struct run *r, int fallback);

/* Boot r under qemu-system-x86_64 -M microvm, with KVM if usable (kvm != 0),
 * else TCG.  Returns the exit status. */
int qemu_run(struct run *r, int kvm);

#endif
