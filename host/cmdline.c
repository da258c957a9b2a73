/* host/cmdline.c: quoting tokens into the kernel command line (include/kiln_abi.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/cmdline.h"

static int cmdline_bare(const char *t)
{
    if (!*t)
        return 0;
    for (; *t; t++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+-", *t))
            return 0;
    return 1;
}

/* Make room for n more bytes plus the NUL. */
static int cmdline_grow(struct cmdline *c, size_t n)
{
    size_t cap = c->cap ? c->cap : 256;
    char *p;

    if (c->len + n + 1 <= c->cap)
        return 0;
    while (cap < c->len + n + 1)
        cap *= 2;
    p = realloc(c->buf, cap);
    if (!p)
        return -ENOMEM;
    c->buf = p;
    c->cap = cap;
    return 0;
}

int cmdline_add(struct cmdline *c, const char *t)
{
    int bare = cmdline_bare(t);
    size_t n = 1 + strlen(t) * 2 + 2; /* separator, worst case escapes, quotes */
    char *o;

    if (cmdline_grow(c, n))
        return -ENOMEM;
    o = c->buf + c->len;
    if (c->len)
        *o++ = ' ';
    if (bare) {
        o = stpcpy(o, t);
    } else {
        *o++ = '"';
        for (; *t; t++) {
            if (*t == '"' || *t == '\\')
                *o++ = '\\';
            *o++ = *t;
        }
        *o++ = '"';
    }
    *o = 0;
    c->len = o - c->buf;
    return 0;
}

int cmdline_addf(struct cmdline *c, const char *fmt, ...)
{
    va_list ap;
    char *t;
    int err;

    va_start(ap, fmt);
    err = vasprintf(&t, fmt, ap);
    va_end(ap);
    if (err < 0)
        return -ENOMEM;
    err = cmdline_add(c, t);
    free(t);
    return err;
}

int cmdline_append(struct cmdline *c, const char *tail)
{
    size_t n = strlen(tail);

    if (!n)
        return 0;
    if (cmdline_grow(c, n + 1))
        return -ENOMEM;
    if (c->len)
        c->buf[c->len++] = ' ';
    memcpy(c->buf + c->len, tail, n + 1);
    c->len += n;
    return 0;
}

void cmdline_free(struct cmdline *c)
{
    free(c->buf);
    c->buf = NULL;
    c->len = c->cap = 0;
}
