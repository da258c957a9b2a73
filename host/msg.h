/* host/msg.h: kiln's own messages on stderr ("kiln: ..."), never the program's. */
#ifndef KILN_HOST_MSG_H
#define KILN_HOST_MSG_H

/* Exit status for kiln's own usage, set-up and monitor errors (as docker). */
#define KILN_EXIT_SETUP 125

extern int msg_quiet;   /* -q: drop notices */
extern int msg_verbose; /* -v: also print verbose notices */

/* "kiln: " + the formatted text + newline, on stderr.  Always printed. */
void msg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like msg_err, but dropped under -q (e.g. the TCG fallback notice). */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like msg_err, but printed only under -v (and not under -q). */
void msg_verb(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
