/* ioctl_tiocgwinsz_robust_list: TIOCGWINSZ and TCGETS on a file, a pipe,
 * /dev/null and a directory are ENOTTY, on a closed fd EBADF; an unknown
 * request on a file is ENOTTY too; set_robust_list takes only
 * sizeof(struct robust_list_head) (else EINVAL). */
#include "common.h"
#include <sys/ioctl.h>
#include <termios.h>

static void on(const char *what, int fd)
{
    struct winsize ws;
    struct termios t;
    printf("%s:\n", what);
    SHOW(ioctl(fd, TIOCGWINSZ, &ws));
    SHOW(ioctl(fd, TCGETS, &t));
    SHOW(ioctl(fd, TIOCGPGRP, &(int){0}));
}

int main(void)
{
    int p[2];
    put_file("f", "x");
    int fd = open("f", O_RDWR);
    on("file", fd);
    SHOW(ioctl(fd, 0x5401ff, 0));
    close(fd);
    on("closed fd", fd);
    SHOW(pipe(p));
    on("pipe", p[0]);
    close(p[0]);
    close(p[1]);
    fd = open("/dev/null", O_RDWR);
    on("/dev/null", fd);
    close(fd);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    on("directory", fd);
    close(fd);
    unlink("f");

    static long head[3];
    head[0] = (long)head; /* an empty list points at itself */
    SHOW(syscall(SYS_set_robust_list, head, 0));
    SHOW(syscall(SYS_set_robust_list, head, 23));
    SHOW(syscall(SYS_set_robust_list, head, 25));
    SHOW(syscall(SYS_set_robust_list, head, 24));
    return 0;
}
