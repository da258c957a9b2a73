/* kernel/cmdline.h: the kernel command line (format in include/kiln_abi.h). */
#ifndef KILN_KERNEL_CMDLINE_H
#define KILN_KERNEL_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_ENV 256
#define CMDLINE_MAX_VIRTIO 8

struct cmdline {
    int verbose, strace, wport;
    int debug_fault;        /* kiln.debug_fault: a kernel page fault on purpose (tests/cli) */
    int fpu_fxsave;         /* kiln.fpu=fxsave: no XSAVE/AVX (arch/x86_64/fpu.c) */
    uint64_t tsc_khz;
    uint64_t time_ns;
    const char *cwd;
    const char *argv0;
    const char *tty;        /* kiln.tty=MASK,ROWS,COLS (vfs/console.c), NULL when absent */
    int argc, envc;
    char **argv;            /* argv[0] is PROGRAM */
    char **envp;
    /* network (drivers/, net/): values as written, NULL when absent */
    const char *ip;         /* kiln.ip=ADDR/PREFIX; absent: DHCP if there is a NIC */
    const char *gw;         /* kiln.gw=ADDR */
    const char *dns;        /* kiln.dns=ADDR */
    const char *ip6;        /* kiln.ip6=ADDR[/PREFIX]: usable at once (no DAD, no RA) */
    const char *gw6;        /* kiln.gw6=ADDR: the IPv6 default router */
    int nvirtio_mmio;
    const char *virtio_mmio[CMDLINE_MAX_VIRTIO]; /* virtio_mmio.device=SIZE@ADDR:IRQ */
};

/* Split s (modified in place) into *c.  Returns 0, or -EINVAL if there is no
 * program, -ENOMEM.  Pure code: unit-tested on the host. */
int cmdline_parse(char *s, struct cmdline *c, char **(*alloc)(size_t n));

#endif
