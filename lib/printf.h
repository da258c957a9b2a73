/* lib/printf.h: formatted printing into buffers (kernel printf family). */
#ifndef KILN_LIB_PRINTF_H
#define KILN_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Supports %d %i %u %o %x %X %p %s %c %% with l/ll/z/h modifiers, width,
 * '0' and '-' flags, and precision for %s.  Returns the length the full
 * output would have had (like C99 snprintf); always NUL-terminates if n > 0. */
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Text built piece by piece in buf[0..cap) (the /proc files): len counts
 * all the text asked for, also what did not fit, so a caller can tell it
 * was cut and how much room the whole needs.  Not NUL-terminated. */
struct textbuf {
    char *buf;
    size_t cap, len;
};
void textbuf_put(struct textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
