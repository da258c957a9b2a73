/* open_trunc_append: O_TRUNC empties an existing file; O_APPEND writes go to
 * the end whatever the offset, and pwrite on O_APPEND is Linux's append too;
 * F_GETFL reports O_APPEND. */
#include "common.h"

static void dump(const char *path)
{
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %zd [%s]\n", path, n, buf);
}

int main(void)
{
    put_file("f", "0123456789");
    int fd = open("f", O_WRONLY | O_TRUNC);
    close(fd);
    dump("f");
    put_file("f", "base\n");
    fd = open("f", O_WRONLY | O_APPEND);
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(write(fd, "one\n", 4));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, 0, SEEK_SET));
    SHOW(write(fd, "two\n", 4));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(pwrite(fd, "three\n", 6, 0));
    SHOW(fcntl(fd, F_GETFL) & O_APPEND ? 1 : 0);
    close(fd);
    dump("f");
    /* O_RDONLY|O_TRUNC on Linux truncates too */
    fd = open("f", O_RDONLY | O_TRUNC);
    close(fd);
    dump("f");
    /* O_APPEND with O_RDWR: reads follow the offset, writes go to the end */
    put_file("f", "abcdef");
    fd = open("f", O_RDWR | O_APPEND);
    char b[3] = {0};
    SHOW(read(fd, b, 2));
    printf("read [%s]\n", b);
    SHOW(write(fd, "XY", 2));
    SHOW(lseek(fd, 0, SEEK_CUR));
    close(fd);
    dump("f");
    unlink("f");
    return 0;
}
