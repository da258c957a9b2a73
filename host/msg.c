/* host/msg.c: kiln's own messages on stderr, with -q and -v applied in one place. */
#include <stdarg.h>
#include <stdio.h>
#include "host/msg.h"

int msg_quiet;
int msg_verbose;

static void msg_vprint(const char *fmt, va_list ap)
{
    char line[1024];

    /* One write per message, so it cannot interleave with the program's
     * stderr relayed by the monitor. */
    vsnprintf(line, sizeof(line), fmt, ap);
    fflush(stdout);
    fprintf(stderr, "kiln: %s\n", line);
    fflush(stderr);
}

void msg_err(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprint(fmt, ap);
    va_end(ap);
}

void msg_note(const char *fmt, ...)
{
    va_list ap;

    if (msg_quiet)
        return;
    va_start(ap, fmt);
    msg_vprint(fmt, ap);
    va_end(ap);
}

void msg_verb(const char *fmt, ...)
{
    va_list ap;

    if (msg_quiet || !msg_verbose)
        return;
    va_start(ap, fmt);
    msg_vprint(fmt, ap);
    va_end(ap);
}
