/* ioctl_tcgets_enotty_fionbio: TCGETS on a regular file (and isatty) is
 * ENOTTY; FIONBIO sets and clears O_NONBLOCK as F_GETFL shows; FIONREAD on a
 * file gives the bytes left; a bad fd is EBADF. */
#include "common.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    struct termios t;
    int on = 1, off = 0, left = -1;
    put_file("f", "0123456789");
    int fd = open("f", O_RDONLY);
    SHOW(ioctl(fd, TCGETS, &t));
    SHOW(tcgetattr(fd, &t));
    SHOW(isatty(fd));
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(ioctl(fd, FIONBIO, &on));
    SHOW(!!(fcntl(fd, F_GETFL) & O_NONBLOCK));
    SHOW(ioctl(fd, FIONBIO, &off));
    SHOW(!!(fcntl(fd, F_GETFL) & O_NONBLOCK));
    lseek(fd, 3, SEEK_SET);
    SHOW(ioctl(fd, FIONREAD, &left));
    printf("FIONREAD %d\n", left);
    SHOW(ioctl(-1, TCGETS, &t));
    SHOW(ioctl(99, FIONBIO, &on));
    int dfd = open(".", O_RDONLY);
    SHOW(ioctl(dfd, TCGETS, &t));
    close(dfd);
    close(fd);
    fd = open("/dev/null", O_RDWR);
    SHOW(ioctl(fd, TCGETS, &t));
    close(fd);
    unlink("f");
    return 0;
}
