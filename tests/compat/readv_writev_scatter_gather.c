/* readv_writev_scatter_gather: writev gathers iovecs in order, readv
 * scatters into them in order; empty iovecs are skipped; iovcnt limits. */
#include "common.h"
#include <limits.h>
#include <sys/uio.h>

int main(void)
{
    char a[4], b[1], c[16];
    struct iovec w[4] = {
        {"abc", 3}, {"", 0}, {"defgh", 5}, {"ijklmnop\n", 9},
    };
    int fd = open("v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    OK(fd);
    SHOW(writev(fd, w, 4));
    SHOW(writev(fd, w, 0));
    volatile int negative = -1, too_many = IOV_MAX + 1; /* hidden from gcc's checks */
    SHOW(writev(fd, w, negative));
    SHOW(writev(fd, w, too_many));
    SHOW(lseek(fd, 0, SEEK_SET));
    struct iovec r[3] = {{a, sizeof a}, {b, sizeof b}, {c, sizeof c}};
    memset(c, 0, sizeof c);
    SHOW(readv(fd, r, 3));
    printf("a=[%.4s] b=[%.1s] c=[%s]\n", a, b, c);
    SHOW(readv(fd, r, 3));
    SHOW(close(fd));

    /* writev to stdout goes out as one piece */
    struct iovec o[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    SHOW(writev(1, o, 3));
    unlink("v.txt");
    return 0;
}
