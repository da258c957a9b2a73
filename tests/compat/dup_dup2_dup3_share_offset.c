/* dup_dup2_dup3_share_offset: dup returns the lowest free fd and shares the
 * offset; dup2 onto an open fd closes it first, onto itself returns it;
 * dup3 onto itself is EINVAL, with O_CLOEXEC sets FD_CLOEXEC, and other
 * flags are EINVAL; dup2 to stdout redirects printf output. */
#include "common.h"

int main(void)
{
    char c;
    put_file("f", "abcdef");
    int fd = open("f", O_RDONLY);
    int d = dup(fd);
    SAY(d == fd + 1);
    SHOW(read(fd, &c, 1));
    SHOW(lseek(d, 0, SEEK_CUR));
    SHOW(fcntl(d, F_GETFD));
    SHOW(dup2(fd, 30));
    SHOW(read(30, &c, 1));
    printf("read [%c]\n", c);
    SHOW(dup2(fd, fd) == fd);
    /* by number: musl's dup3() checks some of this itself */
    SHOW(syscall(SYS_dup3, fd, fd, 0));
    SHOW(syscall(SYS_dup3, fd, 31, O_CLOEXEC));
    SHOW(fcntl(31, F_GETFD));
    SHOW(syscall(SYS_dup3, fd, 32, O_APPEND));
    SHOW(dup2(fd, -1));
    SHOW(dup2(-1, 33));
    SHOW(dup(-1));
    SHOW(dup(555));

    /* dup2 over an fd that is open: the old file is closed silently */
    put_file("g", "xyz");
    int g = open("g", O_RDONLY);
    SHOW(dup2(g, 30));
    SHOW(read(30, &c, 1));
    printf("read [%c]\n", c);

    /* redirect stdout into a file, then restore it */
    int saved = dup(1);
    int out = open("out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    printf("this goes to the file\n");
    dup2(saved, 1);
    close(out);
    char buf[64] = {0};
    out = open("out", O_RDONLY);
    SHOW(read(out, buf, sizeof buf));
    printf("file has: %s", buf);
    close(out);
    close(30);
    close(31);
    close(saved);
    close(g);
    close(d);
    close(fd);
    unlink("f");
    unlink("g");
    unlink("out");
    return 0;
}
