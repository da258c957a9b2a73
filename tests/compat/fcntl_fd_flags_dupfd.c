/* fcntl_fd_flags_dupfd: F_GETFD/F_SETFD toggle FD_CLOEXEC per descriptor;
 * F_GETFL shows the access mode and F_SETFL changes only O_APPEND/O_NONBLOCK;
 * F_DUPFD returns the lowest free fd >= arg, F_DUPFD_CLOEXEC also sets
 * FD_CLOEXEC; bad fd is EBADF, bad command EINVAL. */
#include "common.h"

int main(void)
{
    put_file("f", "abc");
    int fd = open("f", O_RDWR);
    SHOW(fcntl(fd, F_GETFD));
    SHOW(fcntl(fd, F_SETFD, FD_CLOEXEC));
    SHOW(fcntl(fd, F_GETFD));
    SHOW(fcntl(fd, F_SETFD, 0));
    SHOW(fcntl(fd, F_GETFD));
    SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    SHOW(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY));
    SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    SHOW(fcntl(fd, F_SETFL, 0));
    SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    int cl = open("f", O_RDONLY | O_CLOEXEC);
    SHOW(fcntl(cl, F_GETFD));
    SHOW(fcntl(cl, F_GETFL) & O_ACCMODE);
    close(cl);

    SHOW(fcntl(fd, F_DUPFD, 10));
    SHOW(fcntl(fd, F_DUPFD, 10));
    SHOW(fcntl(10, F_GETFD));
    SHOW(fcntl(fd, F_DUPFD_CLOEXEC, 20));
    SHOW(fcntl(20, F_GETFD));
    SHOW(close(10));
    SHOW(fcntl(fd, F_DUPFD, 10));
    /* duplicates share the file offset */
    char c;
    SHOW(lseek(10, 2, SEEK_SET));
    SHOW(read(fd, &c, 1));
    printf("read [%c]\n", c);
    SHOW(fcntl(fd, F_DUPFD, -1));
    SHOW(fcntl(-1, F_GETFD));
    SHOW(fcntl(77, F_GETFL));
    SHOW(fcntl(fd, 9999));
    close(10);
    close(11);
    close(20);
    close(fd);
    unlink("f");
    return 0;
}
