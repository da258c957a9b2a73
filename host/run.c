/* host/run.c: `kiln run`: check PROGRAM, build the initrd and command line, pick the engine.
 *
 * Start-up cost matters (kiln run is benchmarked against a native exec): the
 * initrd is only planned here (a list of members and its size); the engine
 * writes it once, straight into guest RAM (KVM) or a memfd (QEMU).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/out.h"
#include <sys/stat.h>
#include "host/run.h"
#include "host/vmm/vmm.h"
#include "host/volume.h"

#define RUN_MIB (1ull << 20)

static const char run_passwd[] = "root:x:0:0:root:/root:/bin/sh\n";
static const char run_group[] = "root:x:0:\n";

/* kiln-kernel.elf in the directory of the kiln binary. */
static char *run_default_kernel(void)
{
    char exe[PATH_MAX], *slash, *path;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    if (n <= 0)
        return strdup("kiln-kernel.elf");
    exe[n] = 0;
    slash = strrchr(exe, '/');
    *slash = 0;
    if (asprintf(&path, "%s/kiln-kernel.elf", exe) < 0)
        return NULL;
    return path;
}

static int run_add_fail(const char *what, const char *guest, int err)
{
    msg_err("%s: cannot copy to %s in the guest: %s", what, guest, strerror(-err));
    return err;
}

/* The symbolic links on the way to the program as typed (Debian's /bin ->
 * usr/bin), so that the typed path, #! lines naming it and /proc/self/exe
 * resolve in the guest as on the host.  Each link goes where it really is:
 * in its parent directory with the parent's own links resolved. */
static void run_add_links(struct initrd *ird, const char *typed, const char *cwd, int64_t now)
{
    char path[PATH_MAX], target[PATH_MAX];
    struct stat st;
    if (!strchr(typed, '/'))
        return;
    if (typed[0] == '/')
        snprintf(path, sizeof(path), "%s", typed);
    else
        snprintf(path, sizeof(path), "%s/%s", cwd, typed);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p)
            continue;
        char c = *p;
        *p = 0;
        if (!lstat(path, &st) && S_ISLNK(st.st_mode)) {
            ssize_t n = readlink(path, target, sizeof(target) - 1);
            char *slash = strrchr(path, '/');
            *slash = 0;
            char *dir = realpath(path[0] ? path : "/", NULL);
            *slash = '/';
            if (n > 0 && dir) {
                char where[PATH_MAX];
                target[n] = 0;
                snprintf(where, sizeof(where), "%s/%s", strcmp(dir, "/") ? dir : "", slash + 1);
                initrd_add_symlink(ird, where, target, now); /* best effort */
            }
            free(dir);
        }
        *p = c;
        if (!c)
            break;
    }
}

/* Plan the initrd: the standard tree, PROGRAM, the working directory and
 * every --file, in that order, so that a --file may replace the others. */
static int run_initrd(struct run *r, const char *cwd, int64_t now)
{
    struct initrd *ird = &r->initrd;
    const struct opts *o = r->o;
    int err;

    initrd_init(ird, now);
    if ((err = initrd_add_dir(ird, "/dev", 0755, now)) ||
        (err = initrd_add_dir(ird, "/etc", 0755, now)) ||
        (err = initrd_add_dir(ird, "/proc", 0555, now)) ||
        (err = initrd_add_dir(ird, "/root", 0700, now)) ||
        (err = initrd_add_dir(ird, "/tmp", 01777, now)) ||
        (err = initrd_add_file(ird, "/etc/passwd", 0644, now, sizeof(run_passwd) - 1, NULL,
                               run_passwd)) ||
        (err =
             initrd_add_file(ird, "/etc/group", 0644, now, sizeof(run_group) - 1, NULL, run_group)))
        return run_add_fail("initrd", "/", err);
    err = initrd_add_file(ird, r->prog.path, r->prog.st.st_mode, r->prog.st.st_mtime, r->prog.size,
                          NULL, r->prog.data);
    if (err)
        return run_add_fail(r->prog.typed, r->prog.path, err);
    run_add_links(ird, r->prog.typed, cwd, now);
    if (r->prog.interp) {
        const struct prog *ip = r->prog.interp;
        err = initrd_add_file(ird, ip->path, ip->st.st_mode, ip->st.st_mtime, ip->size, NULL,
                              ip->data);
        if (err)
            return run_add_fail(ip->typed, ip->path, err);
        run_add_links(ird, ip->typed, cwd, now);
        if (ip->dynamic && (err = deps_pack(ird, &ip->deps, now)))
            return err;
    }
    if (r->prog.dynamic && (err = deps_pack(ird, &r->prog.deps, now)))
        return err;
    err = initrd_mkdir_p(ird, cwd);
    if (err)
        return run_add_fail("working directory", cwd, err);
    unsigned first = ird->n; /* the --file members start here */
    for (unsigned i = 0; i < o->nfiles; i++) {
        err = initrd_add_tree(ird, o->files[i].host, o->files[i].guest);
        if (err)
            return err;
    }
    if ((err = volume_add_all(ird, o)))
        return err;
    if ((err = deps_pack_tree_libs(ird, first, now)))
        return err;
    r->initrd_size = initrd_size(ird);
    if (r->kernel.end + r->initrd_size > o->mem) {
        msg_err("program and files (%llu MiB) do not fit in guest RAM (-m %llu MiB)",
                (unsigned long long)((r->initrd_size + RUN_MIB - 1) / RUN_MIB),
                (unsigned long long)(o->mem / RUN_MIB));
        return -ENOMEM;
    }
    return 0;
}

/* Everything of the command line but kiln.tsc_khz (include/kiln_abi.h). */
static int run_cmdline_base(struct run *r, const char *cwd)
{
    struct cmdline *c = &r->cmdline;
    const struct opts *o = r->o;
    struct timespec now;
    int err;

    clock_gettime(CLOCK_REALTIME, &now);
    err = cmdline_addf(c, "kiln.time=%lld.%09ld", (long long)now.tv_sec, now.tv_nsec);
    err = err ?: cmdline_addf(c, "kiln.mem=%llu", (unsigned long long)o->mem);
    err = err ?: cmdline_addf(c, "kiln.cwd=%s", cwd);
    for (unsigned i = 0; i < o->nenv && !err; i++)
        err = cmdline_addf(c, "kiln.env=%s", o->env[i]);
    if (!err && strcmp(r->prog.typed, r->prog.path))
        err = cmdline_addf(c, "kiln.argv0=%s", r->prog.typed);
    if (!err && o->verbose)
        err = cmdline_add(c, "kiln.v");
    if (!err && o->strace)
        err = cmdline_add(c, "kiln.strace");
    /* developers' kernel flags, e.g. kiln.debug_fault (kernel/cmdline.h) */
    if (!err && getenv("KILN_KERNEL_ARGS") && *getenv("KILN_KERNEL_ARGS"))
        err = cmdline_append(c, getenv("KILN_KERNEL_ARGS"));
    /* on q35 and pc the NIC is on PCI, where the kernel's scan finds it */
    err = err ?: net_cmdline(c, &o->net, o->machine == OPTS_MACHINE_MICROVM);
    err = err ?: cmdline_append(c, "--");
    err = err ?: cmdline_add(c, r->prog.path);
    for (int i = 0; i < o->nargs && !err; i++)
        err = cmdline_add(c, o->args[i]);
    if (err)
        msg_err("command line: %s", strerror(-err));
    return err;
}

int run_fpu_xsave(const struct opts *o, int tcg)
{
    return o->fpu == OPTS_FPU_XSAVE || (o->fpu == OPTS_FPU_AUTO && tcg);
}

char *run_cmdline(const struct run *r, unsigned khz, int wport, int xsave)
{
    struct cmdline c = {0};
    int err = 0;

    if (khz)
        err = cmdline_addf(&c, "kiln.tsc_khz=%u", khz);
    if (!err && wport)
        err = cmdline_add(&c, "kiln.wport");
    if (!err && !xsave)
        err = cmdline_add(&c, "kiln.fpu=fxsave");
    err = err ?: run_tty_arg(&c, wport);
    err = err ?: cmdline_append(&c, r->cmdline.buf);
    if (err) {
        msg_err("command line: %s", strerror(-err));
        goto err_free;
    }
    if (c.len + 1 > CMDLINE_MAX) {
        msg_err("command line too long");
        goto err_free;
    }
    return c.buf;

err_free:
    cmdline_free(&c);
    return NULL;
}

static int run_engine(struct run *r)
{
    int err, status;

    if (r->o->vmm == OPTS_VMM_TCG)
        return qemu_run(r, 0); /* kernel-heavy work: TCG runs ring 0 fastest here */
    if (r->o->vmm == OPTS_VMM_QEMU) {
        /* QEMU was asked for: TCG without KVM is no surprise, say it only with -v */
        err = vmm_probe();
        if (err)
            msg_verb("/dev/kvm: %s (QEMU uses TCG)", strerror(-err));
        return qemu_run(r, !err);
    }
    status = run_kvm(r, r->o->vmm == OPTS_VMM_AUTO);
    if (status == -ENODEV)
        status = qemu_run(r, 0);
    return status;
}

int run_main(int argc, char **argv)
{
    struct opts o;
    struct run r;
    char cwdbuf[PATH_MAX], *kernel = NULL;
    char *cwd = NULL;
    int status = KILN_EXIT_SETUP, err;

    err = opts_parse(argc, argv, &o);
    if (err)
        return err > 0 ? 0 : KILN_EXIT_SETUP;
    msg_quiet = o.quiet;
    msg_verbose = o.verbose;
    out_init();
    memset(&r, 0, sizeof(r));
    r.o = &o;

    err = prog_open(o.prog, o.with_nss ? DEPS_WITH_NSS : 0, &r.prog);
    err = err ?: prog_ldso_args(&r.prog, o.args, o.nargs, o.with_nss ? DEPS_WITH_NSS : 0);
    if (err)
        return err;
    if (!o.kernel && !(kernel = run_default_kernel()))
        return KILN_EXIT_SETUP;
    if (pvh_open(o.kernel ? o.kernel : kernel, &r.kernel))
        goto out_free;
    cwd = initrd_abspath(o.workdir ? o.workdir : getcwd(cwdbuf, sizeof(cwdbuf)) ? cwdbuf : "/");
    if (!cwd || run_initrd(&r, cwd, time(NULL)) || run_cmdline_base(&r, cwd))
        goto out_close;
    status = run_engine(&r);

out_close:
    free(cwd);
    cmdline_free(&r.cmdline);
    initrd_free(&r.initrd);
    pvh_close(&r.kernel);
out_free:
    free(kernel);
    fflush(stdout);
    return status;
}
