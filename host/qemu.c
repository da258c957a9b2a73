/* host/qemu.c: `kiln run --vmm qemu`: the same kernel, initrd and command line under QEMU microvm.
 *
 *   qemu-system-x86_64 -M microvm,x-option-roms=off,rtc=off,isa-serial=off
 *       -accel kvm|tcg -m SIZE -nodefaults -nographic -no-reboot -display none
 *       -kernel KERNEL -initrd /dev/fd/I -append CMDLINE
 *       -chardev file,id=kiln1,path=/dev/fd/A
 *       -device isa-debugcon,iobase=0x3f8,chardev=kiln1     (stdout)
 *       ... the same for 0x2f8 (stderr, /dev/fd/B), 0x3e8 (status, /dev/fd/C)
 *       -device isa-debug-exit,iobase=0xf4,iosize=4  [--qemu-arg ...]
 *
 * The three ports are isa-debugcon devices, not isa-serial: QEMU's 8250
 * does not wait when its chardev would block; it overwrites the byte and
 * drops output as soon as kiln's stdout reader is slower than the guest
 * (seen with TCG: 127 KiB of 1 MiB arrived).  debugcon writes every byte
 * with qemu_chr_fe_write_all, so a slow reader only slows the guest.  The
 * differences the kernel can see: reads of base+5 (LSR) return 0xff, so
 * only THRE/TEMT may be tested, and the divisor latch is not emulated.
 *
 * The initrd is a memfd, so there is no temporary file to clean up even if
 * kiln is killed.  A, B and C are pipes relayed by host/qemu_relay.c; QEMU's
 * own stdout and stderr go to a fourth pipe, shown only if QEMU fails (or
 * with -v).  The exit status is the byte on the status port; QEMU's own
 * exit code, (status << 1) | 1, loses bit 7 and serves only as a fallback.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/qemu.h"
#include "host/run.h"
#include "host/tsc.h"
#include "host/volume.h"

#define QEMU_BIN "qemu-system-x86_64"
#define QEMU_MAX_ARGS 64 /* ours; --qemu-arg ones come on top */
/* q35 and pc (--machine): SeaBIOS boots the PVH kernel (-kernel); no SMM,
 * no VMware port, and on q35 no AHCI or SMBus controller: less for the
 * firmware to probe (q35's hello under TCG: 77 ms instead of 89, medians of 15) */
#define QEMU_PCI_MACHINE(m) m ",smm=off,vmport=off"

extern char **environ;

/* indexed by QEMU_PIPE_STDOUT, _STDERR, _STATUS */
static const int qemu_ports[3] = {KILN_PORT_STDOUT, KILN_PORT_STDERR, KILN_PORT_STATUS};

struct qemu_argv {
    char **v;
    int n;
    char buf[12][64]; /* storage for the formatted arguments */
    int nbuf;
};

static void qemu_arg(struct qemu_argv *a, const char *s)
{
    a->v[a->n++] = (char *)s;
}

static void __attribute__((format(printf, 2, 3)))
qemu_argf(struct qemu_argv *a, const char *fmt, ...)
{
    char *b = a->buf[a->nbuf++];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b, sizeof(a->buf[0]), fmt, ap);
    va_end(ap);
    qemu_arg(a, b);
}

/* The initrd in a memfd, fd returned or -errno (printed). */
static int qemu_initrd(struct run *r)
{
    int fd = memfd_create("kiln-initrd", MFD_CLOEXEC), err;
    void *map;

    if (fd < 0) {
        err = -errno;
        msg_err("memfd_create: %s", strerror(errno));
        return err;
    }
    if (ftruncate(fd, r->initrd_size)) {
        err = -errno;
        msg_err("initrd: %s", strerror(errno));
        goto err_close;
    }
    map = mmap(NULL, r->initrd_size, PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        err = -errno;
        msg_err("initrd: %s", strerror(errno));
        goto err_close;
    }
    err = initrd_write(&r->initrd, map);
    munmap(map, r->initrd_size);
    if (err)
        goto err_close;
    return fd;

err_close:
    close(fd);
    return err;
}

/* Does a --qemu-arg ask for -icount?  Then QEMU must use TCG, and the
 * guest TSC counts instructions: kiln.tsc_khz is 1000000 (1 GHz). */
static int qemu_icount(const struct opts *o)
{
    for (unsigned i = 0; i < o->nqemu_args; i++)
        if (strstr(o->qemu_args[i], "icount"))
            return 1;
    return 0;
}

/* Do descriptors a and b refer to the same file? */
static int same_file(int a, int b)
{
    struct stat sa, sb;
    if (fstat(a, &sa) || fstat(b, &sb))
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The -netdev argument for r's --net and -p, malloc'd; NULL with errno 0
 * for --net none, NULL with errno ENOMEM on failure. */
static char *qemu_netdev(const struct net_opts *n)
{
    char *s = NULL, *t;

    errno = 0;
    if (n->mode == NET_NONE)
        return NULL;
    if (n->mode == NET_TAP) {
        if (asprintf(&s, "tap,id=kiln0,ifname=%s,script=no,downscript=no", n->tap) < 0)
            return NULL;
        return s;
    }
    if (asprintf(&s,
                 "user,id=kiln0,net=%s/%d,host=%s,dns=%s,ipv6-net=%s/%d,ipv6-host=%s,ipv6-dns=%s",
                 NET_NETWORK, NET_GUEST_PREFIX, NET_HOST_IP, NET_DNS_IP, NET_PREFIX6,
                 NET_PREFIX6_LEN, NET_HOST_IP6, NET_DNS_IP6) < 0)
        return NULL;
    for (unsigned i = 0; i < n->nports; i++, s = t) {
        const struct net_port *p = &n->ports[i];
        if (p->v6) { /* QEMU 7.2's hostfwd= parses IPv4 host addresses only */
            msg_err("-p [%s]:%u:%u%s: QEMU's user networking forwards IPv4 host addresses "
                    "only; IPv6 ones need kiln's own monitor (--vmm kvm)",
                    p->host_addr, p->host_port, p->guest_port, p->udp ? "/udp" : "");
            free(s);
            errno = ENOTSUP;
            return NULL;
        }
        if (asprintf(&t, "%s,hostfwd=%s:%s:%u-%s:%u", s, p->udp ? "udp" : "tcp", p->host_addr,
                     p->host_port, NET_GUEST_IP, p->guest_port) < 0) {
            free(s);
            errno = ENOMEM;
            return NULL;
        }
        free(s);
    }
    return s;
}

/* The CPU for a guest kernel using XSAVE: QEMU's default qemu64 has none.
 * (Never host or max: they abort on some hosts.)  An x86-64-v3 feature set,
 * as real AVX2 CPUs have, and QEMU 7.2's TCG needs more than +xsave,+avx:
 * without +xsaveopt the guest's CR4.OSXSAVE write never completes (the vCPU
 * re-executes the MOV to CR4 forever), and the VEX forms of SSSE3/SSE4.1
 * instructions (vptest, vpshufb, vpalignr: Go's and glibc's AVX2 string
 * functions) raise #UD unless the CPU also has those. */
#define QEMU_XSAVE_CPU                                                                             \
    "qemu64,+xsave,+xsaveopt,+ssse3,+sse4.1,+sse4.2,+popcnt,+avx,+avx2,+fma,+f16c,+bmi1,+bmi2,"    \
    "+abm,+movbe"

static void qemu_build(struct qemu_argv *a, struct run *r, int kvm, int xsave, const char *cmdline,
                       int initrd, const int w[QEMU_NPIPES], const char *netdev)
{
    int pci = r->o->machine != OPTS_MACHINE_MICROVM;

    qemu_arg(a, QEMU_BIN);
    qemu_arg(a, "-M");
    if (r->o->machine == OPTS_MACHINE_Q35)
        qemu_arg(a, QEMU_PCI_MACHINE("q35") ",sata=off,smbus=off");
    else if (r->o->machine == OPTS_MACHINE_PC)
        qemu_arg(a, QEMU_PCI_MACHINE("pc"));
    else /* acpi=off: one IOAPIC, virtio-mmio lines at inputs 5..12; kiln
          * writes the virtio_mmio.device= words itself (host/net.h) */
        qemu_arg(a, "microvm,x-option-roms=off,rtc=off,isa-serial=off,acpi=off,ioapic2=off,"
                    "auto-kernel-cmdline=off");
    qemu_arg(a, "-accel");
    qemu_arg(a, kvm ? "kvm" : "tcg");
    if (xsave) { /* (a later --qemu-arg -cpu wins) */
        qemu_arg(a, "-cpu");
        qemu_arg(a, QEMU_XSAVE_CPU);
    }
    qemu_arg(a, "-m");
    qemu_argf(a, "%lluK", (unsigned long long)(r->o->mem >> 10));
    qemu_arg(a, "-nodefaults");
    qemu_arg(a, "-nographic");
    qemu_arg(a, "-no-reboot");
    qemu_arg(a, "-display");
    qemu_arg(a, "none");
    qemu_arg(a, "-kernel");
    qemu_arg(a, r->kernel.path);
    qemu_arg(a, "-initrd");
    qemu_argf(a, "/dev/fd/%d", initrd);
    qemu_arg(a, "-append");
    qemu_arg(a, cmdline);
    /* When our stdout and stderr are one file (`> log 2>&1`), both ports
     * write into the stdout pipe, so their relative order survives the
     * relay; two pipes would interleave them by chance. */
    int merge = same_file(1, 2);
    for (int i = 0; i < 3; i++) {
        qemu_arg(a, "-chardev");
        qemu_argf(a, "file,id=kiln%d,path=/dev/fd/%d", i, w[i == 1 && merge ? 0 : i]);
        qemu_arg(a, "-device");
        qemu_argf(a, "isa-debugcon,iobase=0x%x,chardev=kiln%d", qemu_ports[i], i);
    }
    qemu_arg(a, "-device");
    qemu_arg(a, "isa-debug-exit,iobase=0xf4,iosize=4");
    if (pci) {
        /* SeaBIOS's serial console would write its banner to 0x3f8, the
         * program's stdout; port 0 turns it off (QEMU warns, in its log,
         * that the name lacks an "opt/" prefix: SeaBIOS reads this one) */
        qemu_arg(a, "-fw_cfg");
        qemu_arg(a, "name=etc/sercon-port,string=0");
    }
    if (netdev && pci) {
        /* modern only (the kernel has no legacy driver), and no option ROM:
         * the firmware has nothing to boot from the network.  The kernel
         * finds it on the PCI bus (drivers/pci.c). */
        qemu_arg(a, "-netdev");
        qemu_arg(a, netdev);
        qemu_arg(a, "-device");
        qemu_arg(a, "virtio-net-pci,disable-legacy=on,romfile=,netdev=kiln0");
    } else if (netdev) {
        /* virtio 1.x only (the kernel has no legacy driver); the only
         * virtio-mmio device, so it lands in the last slot: NET_MMIO_BASE */
        qemu_arg(a, "-global");
        qemu_arg(a, "virtio-mmio.force-legacy=false");
        qemu_arg(a, "-netdev");
        qemu_arg(a, netdev);
        qemu_arg(a, "-device");
        qemu_arg(a, "virtio-net-device,netdev=kiln0");
    }
    for (unsigned i = 0; i < r->o->nqemu_args; i++)
        qemu_arg(a, r->o->qemu_args[i]);
    a->v[a->n] = NULL;
}

/* Start QEMU with fd 0 /dev/null, fds 1 and 2 the log pipe, and the pipes'
 * write ends w[] and initrd inherited.  Returns its pid or -errno. */
static pid_t qemu_spawn(char **argv, const int w[QEMU_NPIPES], int initrd)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int err;

    /* only the fds QEMU is meant to open lose close-on-exec */
    for (int i = 0; i < QEMU_NPIPES; i++)
        fcntl(w[i], F_SETFD, 0);
    fcntl(initrd, F_SETFD, 0);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, w[QEMU_PIPE_LOG], 1);
    posix_spawn_file_actions_adddup2(&fa, w[QEMU_PIPE_LOG], 2);
    err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return err ? -err : pid;
}

/* Did QEMU print anything but warnings? */
static int qemu_log_has_error(const struct qemu_result *res)
{
    const char *line = res->log;

    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len && !memmem(line, len, "warning:", 8))
            return 1;
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

/* The exit status for kiln from what QEMU left (see the top comment). */
static int qemu_status(const struct qemu_result *res)
{
    int code;

    if (res->signal)
        return 128 + res->signal;
    if (WIFSIGNALED(res->wstatus)) {
        msg_err(QEMU_BIN " killed by signal %d", WTERMSIG(res->wstatus));
        return KILN_EXIT_SETUP;
    }
    code = WEXITSTATUS(res->wstatus);
    if (code & 1) {
        if (res->status >= 0)
            return res->status;
        /* The guest wrote the exit port but no status byte; code 1 is also
         * QEMU's own failure, which always says more than a warning. */
        if (code != 1 || !qemu_log_has_error(res))
            return (code - 1) >> 1;
    } else if (code == 0) {
        msg_err("guest kernel stopped without an exit status (crashed or shut down)");
        return KILN_EXIT_SETUP;
    }
    if (res->log_len)
        fputs(res->log, stderr);
    msg_err(QEMU_BIN " failed (exit status %d)", code);
    return KILN_EXIT_SETUP;
}

int qemu_run(struct run *r, int kvm)
{
    int rd[QEMU_NPIPES], w[QEMU_NPIPES], initrd, status = KILN_EXIT_SETUP, i, err, icount, xsave;
    struct qemu_argv a = {0};
    struct qemu_result res = {0};
    struct volume_qemu vq = {.ram_fd = -1, .port_fd = -1};
    char *cmdline, *netdev = NULL;
    pid_t pid;

    icount = qemu_icount(r->o);
    kvm = kvm && !icount;
    xsave = run_fpu_xsave(r->o, !kvm);
    cmdline = run_cmdline(r, icount ? 1000000 : tsc_calibrate_khz(), 0, xsave);
    if (!cmdline)
        return KILN_EXIT_SETUP;
    a.v = calloc(QEMU_MAX_ARGS + r->o->nqemu_args + 1, sizeof(*a.v));
    if (!a.v)
        goto out_free;
    netdev = qemu_netdev(&r->o->net);
    if (!netdev && errno) {
        msg_err("-netdev: %s", strerror(errno));
        goto out_free;
    }
    if (volume_qemu_prepare(&vq, r->o))
        goto out_free;
    initrd = qemu_initrd(r);
    if (initrd < 0)
        goto out_free;
    for (i = 0; i < QEMU_NPIPES; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC)) {
            msg_err("pipe: %s", strerror(errno));
            goto out_pipes;
        }
        rd[i] = p[0];
        w[i] = p[1];
    }
    qemu_build(&a, r, kvm, xsave, cmdline, initrd, w, netdev);
    for (char **v = vq.args; *v; v++) /* -v volumes: shared RAM, export port */
        a.v[a.n++] = *v;
    a.v[a.n] = NULL;
    pid = qemu_spawn(a.v, w, initrd);
    if (pid < 0) {
        msg_err(QEMU_BIN ": %s%s", strerror(-pid),
                pid == -ENOENT ? " (install qemu-system-x86)" : "");
        goto out_pipes;
    }
    for (int j = 0; j < QEMU_NPIPES; j++)
        close(w[j]);
    close(initrd);
    err = qemu_relay(pid, rd, &res);
    if (err)
        msg_err("relaying QEMU output: %s", strerror(-err));
    if (res.log_len && msg_verbose && !msg_quiet) {
        fputs(res.log, stderr);
        res.log_len = 0; /* shown once */
    }
    status = qemu_status(&res);
    status = volume_qemu_finish(&vq, r->o, &r->initrd, status);
    free(res.log);
    goto out_free;

out_pipes:
    while (i--) {
        close(rd[i]);
        close(w[i]);
    }
    close(initrd);
out_free:
    volume_qemu_close(&vq);
    free(netdev);
    free(a.v);
    free(cmdline);
    return status;
}
