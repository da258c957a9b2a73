/* kernel/cmdline.c: split the command line into options, argv and envp. */
#include "kernel/cmdline.h"

#define EINVAL_ 22
#define ENOMEM_ 12

/* Next token from *s, unquoted in place; NULL at the end. */
static char *token(char **s)
{
    char *p = *s, *out, *start;
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (!*p)
        return 0;
    start = out = p;
    int quoted = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            *out++ = *++p;
        } else if (*p == '"') {
            quoted = !quoted;
        } else if (!quoted && (*p == ' ' || *p == '\t' || *p == '\n')) {
            p++;
            break;
        } else {
            *out++ = *p;
        }
    }
    *s = p;
    *out = 0;
    return start;
}

static int strcmp_(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a - *b;
}

static int prefix(const char *s, const char *pre, const char **rest)
{
    while (*pre)
        if (*s++ != *pre++)
            return 0;
    *rest = s;
    return 1;
}

static uint64_t number(const char *s, uint64_t *frac_ns)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    if (frac_ns) {
        uint64_t f = 0, scale = 100000000;
        if (*s == '.')
            for (s++; *s >= '0' && *s <= '9' && scale; s++, scale /= 10)
                f += (*s - '0') * scale;
        *frac_ns = f;
    }
    return v;
}

int cmdline_parse(char *s, struct cmdline *c, char **(*alloc)(size_t n))
{
    size_t n = 2;
    for (char *p = s; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n')
            n++;
    char **argv = alloc(n + 1), **envp = alloc(n + 1);
    if (!argv || !envp)
        return -ENOMEM_;
    c->argv = argv;
    c->envp = envp;
    c->argc = c->envc = 0;
    char *t;
    const char *v;
    int in_args = 0;
    while ((t = token(&s))) {
        if (in_args) {
            argv[c->argc++] = t;
        } else if (t[0] == '-' && t[1] == '-' && !t[2]) {
            in_args = 1;
        } else if (prefix(t, "virtio_mmio.device=", &v)) {
            if (c->nvirtio_mmio < CMDLINE_MAX_VIRTIO)
                c->virtio_mmio[c->nvirtio_mmio++] = v;
        } else if (!prefix(t, "kiln.", &v)) {
            continue; /* someone else's option (console=, ...) */
        } else if (!strcmp_(v, "v")) {
            c->verbose = 1;
        } else if (!strcmp_(v, "strace")) {
            c->strace = 1;
        } else if (!strcmp_(v, "wport")) {
            c->wport = 1;
        } else if (!strcmp_(v, "debug_fault")) {
            c->debug_fault = 1;
        } else if (prefix(v, "fpu=", &v)) {
            c->fpu_fxsave = !strcmp_(v, "fxsave"); /* else xsave: the default */
        } else if (prefix(v, "tsc_khz=", &v)) {
            c->tsc_khz = number(v, 0);
        } else if (prefix(v, "time=", &v)) {
            uint64_t frac, sec = number(v, &frac);
            c->time_ns = sec * 1000000000ull + frac;
        } else if (prefix(v, "cwd=", &v)) {
            c->cwd = v;
        } else if (prefix(v, "argv0=", &v)) {
            c->argv0 = v;
        } else if (prefix(v, "tty=", &v)) {
            c->tty = v;
        } else if (prefix(v, "ip=", &v)) {
            c->ip = v;
        } else if (prefix(v, "gw=", &v)) {
            c->gw = v;
        } else if (prefix(v, "dns=", &v)) {
            c->dns = v;
        } else if (prefix(v, "ip6=", &v)) {
            c->ip6 = v;
        } else if (prefix(v, "gw6=", &v)) {
            c->gw6 = v;
        } else if (prefix(v, "env=", &v)) {
            if (c->envc < CMDLINE_MAX_ENV)
                envp[c->envc++] = (char *)v;
        }
    }
    argv[c->argc] = 0;
    envp[c->envc] = 0;
    return c->argc ? 0 : -EINVAL_;
}
