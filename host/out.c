/* host/out.c: relaying the guest's output bytes to kiln's stdout and stderr. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/uio.h>
#include <unistd.h>
#include "host/out.h"

void out_init(void)
{
    signal(SIGPIPE, SIG_IGN);
}

int out_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);
        if (n > 0) {
            p += n;
            len -= n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, -1);
            continue;
        }
        return n < 0 ? -errno : -EIO;
    }
    return 0;
}

int out_writev(int fd, struct iovec *iov, int iovcnt)
{
    while (iovcnt) {
        ssize_t n;
        if (!iov->iov_len) {
            iov++;
            iovcnt--;
            continue;
        }
        n = writev(fd, iov, iovcnt);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            /* EAGAIN and the rest: out_write waits or drops, one buffer */
            n = out_write(fd, iov->iov_base, iov->iov_len);
            if (n < 0)
                return n;
            n = iov->iov_len;
        }
        while (n && (size_t)n >= iov->iov_len) {
            n -= iov->iov_len;
            iov++;
            iovcnt--;
        }
        if (n) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= n;
        }
    }
    return 0;
}
