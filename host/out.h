/* host/out.h: relaying the guest's output bytes to kiln's stdout and stderr. */
#ifndef KILN_HOST_OUT_H
#define KILN_HOST_OUT_H

#include <stddef.h>

/* Write buf[0..len) to fd completely: retries partial writes and EINTR, and
 * waits out EAGAIN (an O_NONBLOCK stdout) with poll().  If the reader is gone
 * (EPIPE) or the write fails otherwise, the bytes are dropped: the guest's
 * output must never stop the monitor.  SIGPIPE must be ignored by then
 * (out_init).  Returns 0, or -errno when bytes were dropped. */
int out_write(int fd, const void *buf, size_t len);

struct iovec;

/* out_write for the iovcnt buffers of iov, in order, with as few writev(2)
 * calls as the reader allows.  iov is modified.  Returns as out_write. */
int out_writev(int fd, struct iovec *iov, int iovcnt);

/* Ignore SIGPIPE, so a closed stdout reader shows up as EPIPE.  Call once at
 * start-up, before anything is relayed. */
void out_init(void);

#endif
