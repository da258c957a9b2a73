/* host/cmdline.h: building the kernel command line of include/kiln_abi.h. */
#ifndef KILN_HOST_CMDLINE_H
#define KILN_HOST_CMDLINE_H

#include <stddef.h>

/* Longest command line, with its NUL, that the monitor's layout has room for
 * (0x4000..0x14000); QEMU gets the same limit so both engines agree. */
#define CMDLINE_MAX 0x10000

struct cmdline {
    char *buf; /* NUL-terminated, tokens separated by one space */
    size_t len, cap;
};

/* Append one token, quoted as the contract requires: bare if it is non-empty
 * and only [A-Za-z0-9_./=:,+-], else in double quotes with a backslash before
 * each '"' and '\'.  This is the only place tokens are quoted.
 * Returns 0 or -ENOMEM. */
int cmdline_add(struct cmdline *c, const char *token);

/* cmdline_add of a printf-formatted token.  Returns 0 or -ENOMEM. */
int cmdline_addf(struct cmdline *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append the already-built line `tail` as is (its tokens are quoted).
 * Returns 0 or -ENOMEM. */
int cmdline_append(struct cmdline *c, const char *tail);

void cmdline_free(struct cmdline *c);

#endif
