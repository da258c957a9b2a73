/* host/opts.c: parsing `kiln run [options] PROGRAM [ARGS...]` into struct opts. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/help.h"
#include "host/msg.h"
#include "host/opts.h"
#include "host/volume.h"

/* Kept exactly this (Debian's and docker's default), whatever the host has. */
#define OPTS_DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

enum { OPT_FILE = 256, OPT_VMM, OPT_STRACE, OPT_KERNEL, OPT_QEMU_ARG, OPT_HELP, OPT_NO_ASLR,
       OPT_WITH_NSS, OPT_NET, OPT_VOLUME, OPT_VERBOSE, OPT_MACHINE, OPT_FPU };

static const struct option opts_long[] = {
    {"file", required_argument, NULL, OPT_FILE},
    {"vmm", required_argument, NULL, OPT_VMM},
    {"strace", no_argument, NULL, OPT_STRACE},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"qemu-arg", required_argument, NULL, OPT_QEMU_ARG},
    {"help", no_argument, NULL, OPT_HELP},
    {"no-aslr", no_argument, NULL, OPT_NO_ASLR},
    {"with-nss", no_argument, NULL, OPT_WITH_NSS},
    {"net", required_argument, NULL, OPT_NET},
    {"volume", required_argument, NULL, OPT_VOLUME},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"machine", required_argument, NULL, OPT_MACHINE},
    {"fpu", required_argument, NULL, OPT_FPU},
    {NULL, 0, NULL, 0},
};

int opts_size(const char *s, uint64_t *bytes)
{
    static const char units[] = "BKMGT";
    unsigned long long v;
    const char *u;
    char *end;
    int shift = 20;

    if (*s < '0' || *s > '9')
        return -EINVAL;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno)
        return -EINVAL;
    if (*end) {
        u = strchr(units, end[0] & ~0x20);
        if (!u || !end[0])
            return -EINVAL;
        shift = (u - units) * 10;
        end++;
        /* accept 64M, 64MB and 64MiB */
        if (shift && (end[0] == 'i' || end[0] == 'I'))
            end++;
        if (shift && (end[0] == 'b' || end[0] == 'B'))
            end++;
        if (*end)
            return -EINVAL;
    }
    if (v > (~0ull >> shift))
        return -EINVAL;
    *bytes = v << shift;
    return 0;
}

/* Add KEY=VAL, replacing an earlier KEY=.  "KEY" alone copies the host's
 * value, or adds nothing if the host has none (as docker run -e). */
static int opts_env(struct opts *o, const char *kv)
{
    size_t klen = strcspn(kv, "=");
    char *s;
    unsigned i;

    if (!klen) {
        msg_err("-e %s: expected KEY=VAL", kv);
        return -EINVAL;
    }
    if (!kv[klen]) {
        const char *v = getenv(kv);
        if (!v)
            return 0;
        if (asprintf(&s, "%s=%s", kv, v) < 0)
            return -ENOMEM;
        kv = s;
    }
    for (i = 0; i < o->nenv; i++)
        if (!strncmp(o->env[i], kv, klen + 1))
            break;
    o->env[i] = kv;
    if (i == o->nenv)
        o->nenv++;
    return 0;
}

static int opts_file(struct opts *o, char *arg)
{
    char *colon = strrchr(arg, ':');

    if (!colon || colon == arg || colon[1] != '/') {
        msg_err("--file %s: expected HOST:GUEST with an absolute GUEST path", arg);
        return -EINVAL;
    }
    *colon = 0;
    o->files[o->nfiles].host = arg;
    o->files[o->nfiles].guest = colon + 1;
    o->nfiles++;
    return 0;
}

/* --qemu-arg '-icount shift=0,sleep=off' is two qemu arguments. */
static int opts_qemu_arg(struct opts *o, char *arg)
{
    char *save, *w;

    for (w = strtok_r(arg, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
        const char **a = realloc(o->qemu_args, (o->nqemu_args + 1) * sizeof(*a));
        if (!a)
            return -ENOMEM;
        o->qemu_args = a;
        a[o->nqemu_args++] = w;
    }
    return 0;
}

static int opts_mem(struct opts *o, const char *arg)
{
    uint64_t v;

    if (opts_size(arg, &v)) {
        msg_err("-m %s: expected a size such as 64M or 1G", arg);
        return -EINVAL;
    }
    if (v < OPTS_MEM_MIN || v > OPTS_MEM_MAX) {
        msg_err("-m %s: guest RAM must be between 2M and 3G", arg);
        return -EINVAL;
    }
    o->mem = v & ~4095ull;
    return 0;
}

/* One option; returns 0, 1 for --help, or -errno after printing why. */
static int opts_one(struct opts *o, int c, char *arg, char **argv)
{
    switch (c) {
    case 'e':
        return opts_env(o, arg);
    case 'm':
        return opts_mem(o, arg);
    case 'w':
        if (arg[0] != '/') {
            msg_err("-w %s: the working directory must be an absolute path", arg);
            return -EINVAL;
        }
        o->workdir = arg;
        return 0;
    case 'v':
        /* -v HOST:GUEST is a volume (docker's spelling); a bare -v, or one
         * not followed by HOST:/GUEST, is the kernel log */
        if (volume_opt_follows(argv, optind))
            return volume_opt(o, argv[optind++]);
        o->verbose = 1;
        return 0;
    case OPT_VOLUME:
        return volume_opt(o, arg);
    case OPT_VERBOSE:
        o->verbose = 1;
        return 0;
    case 'q':
        o->quiet = 1;
        return 0;
    case OPT_FILE:
        return opts_file(o, arg);
    case OPT_VMM:
        if (!strcmp(arg, "kvm"))
            o->vmm = OPTS_VMM_KVM;
        else if (!strcmp(arg, "qemu"))
            o->vmm = OPTS_VMM_QEMU;
        else if (!strcmp(arg, "tcg"))
            o->vmm = OPTS_VMM_TCG;
        else {
            msg_err("--vmm %s: expected kvm, qemu or tcg", arg);
            return -EINVAL;
        }
        return 0;
    case OPT_MACHINE:
        if (!strcmp(arg, "microvm"))
            o->machine = OPTS_MACHINE_MICROVM;
        else if (!strcmp(arg, "q35"))
            o->machine = OPTS_MACHINE_Q35;
        else if (!strcmp(arg, "pc"))
            o->machine = OPTS_MACHINE_PC;
        else {
            msg_err("--machine %s: expected microvm, q35 or pc", arg);
            return -EINVAL;
        }
        return 0;
    case OPT_FPU:
        if (!strcmp(arg, "xsave"))
            o->fpu = OPTS_FPU_XSAVE;
        else if (!strcmp(arg, "fxsave"))
            o->fpu = OPTS_FPU_FXSAVE;
        else {
            msg_err("--fpu %s: expected xsave or fxsave", arg);
            return -EINVAL;
        }
        return 0;
    case OPT_STRACE:
        o->strace = 1;
        return 0;
    case OPT_KERNEL:
        o->kernel = arg;
        return 0;
    case OPT_QEMU_ARG:
        return opts_qemu_arg(o, arg);
    case OPT_HELP:
        help_print(stdout);
        return 1;
    case OPT_NO_ASLR:
        /* the loader reads it and keeps it from the program (loader/aslr.c) */
        return opts_env(o, "KILN_NO_ASLR=1");
    case OPT_WITH_NSS:
        o->with_nss = 1;
        return 0;
    case 'p':
        return net_parse_port(&o->net, arg);
    case OPT_NET:
        return net_parse_mode(&o->net, arg);
    case ':':
        msg_err("option %s needs an argument (see kiln --help)", argv[optind - 1]);
        return -EINVAL;
    default:
        if (optopt)
            msg_err("unknown option -%c (see kiln --help)", optopt);
        else
            msg_err("unknown option %s (see kiln --help)", argv[optind - 1]);
        return -EINVAL;
    }
}

int opts_parse(int argc, char **argv, struct opts *o)
{
    int c, err;

    memset(o, 0, sizeof(*o));
    o->mem = OPTS_MEM_DEFAULT;
    o->env = calloc(argc + 1, sizeof(*o->env));
    o->files = calloc(argc + 1, sizeof(*o->files));
    o->vols = calloc(argc + 1, sizeof(*o->vols));
    if (!o->env || !o->files || !o->vols)
        return -ENOMEM;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+:e:m:w:p:vqh", opts_long, NULL)) != -1) {
        if (c == 'h')
            c = OPT_HELP;
        err = opts_one(o, c, optarg, argv);
        if (err)
            return err;
    }
    if (optind >= argc) {
        msg_err("run: missing PROGRAM (see kiln --help)");
        return -EINVAL;
    }
    if (net_check(&o->net))
        return -EINVAL;
    if (o->machine != OPTS_MACHINE_MICROVM && o->vmm != OPTS_VMM_QEMU && o->vmm != OPTS_VMM_TCG) {
        msg_err("--machine q35 and pc are QEMU machines: add --vmm qemu or --vmm tcg (kiln's "
                "own monitor has no PCI bus)");
        return -EINVAL;
    }
    for (c = 0; c < (int)o->nenv; c++)
        if (!strncmp(o->env[c], "PATH=", 5))
            break;
    if (c == (int)o->nenv)
        o->env[o->nenv++] = OPTS_DEFAULT_PATH;
    o->prog = argv[optind];
    o->args = argv + optind + 1;
    o->nargs = argc - optind - 1;
    return 0;
}
