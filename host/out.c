/* host/out.c: relaying the guest's output bytes to kiln's stdout and stderr. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
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
