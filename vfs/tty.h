/* vfs/tty.h: the console terminal: which std fds are one, its termios and
 * window size, and - when kiln put the host's terminal in raw mode - the
 * line discipline (canonical editing, echo, signal characters, output
 * newline translation), as Linux's n_tty does for a pty. */
#ifndef KILN_VFS_TTY_H
#define KILN_VFS_TTY_H

#include <stddef.h>
#include <stdint.h>

/* kiln.tty=MASK,ROWS,COLS[,RAW]: MASK says which of fds 0-2 are terminals;
 * RAW=1: the host terminal is raw and the line discipline is ours. */
void console_tty_init(const char *arg);
int tty_is(int fd);                       /* std fd fd is a terminal */
/* The terminal ioctls (termios, window size, job control); -ENOTTY. */
long tty_ioctl(unsigned cmd, uint64_t arg);
int tty_ldisc(void);                      /* is the line discipline ours? */
/* Keyboard bytes from the host, processed by the line discipline. */
void tty_input(const char *in, size_t n);
/* Take processed input: bytes (>0), 0 for end of file (Ctrl-D), or
 * -EAGAIN when nothing is ready yet.  Canonical mode gives one line. */
long tty_read(char *out, size_t n);
int tty_readable(void);
/* Output processing (OPOST/ONLCR) of in[0..n) into out[0..cap); returns
 * the bytes written to out, *used the bytes of in consumed. */
size_t tty_opost(const char *in, size_t n, char *out, size_t cap, size_t *used);
int tty_opost_active(int fd);             /* must fd's output be processed? */

/* vfs/console.c: write kernel bytes to the host's fd (1 or 2); buf must
 * lie in the kernel image (static), which is physically contiguous. */
void console_write_kernel(int fd, const char *buf, size_t n);

#endif
