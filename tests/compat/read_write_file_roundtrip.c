/* read_write_file_roundtrip: bytes written to a file read back unchanged;
 * short reads at EOF, then 0 at EOF; zero-length read and write return 0. */
#include "common.h"

int main(void)
{
    char buf[64];
    int fd = open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    OK(fd);
    SHOW(write(fd, "hello, file\n", 12));
    SHOW(write(fd, "second line\n", 12));
    SHOW(write(fd, buf, 0));
    SHOW(lseek(fd, 0, SEEK_SET));
    SHOW(read(fd, buf, 5));
    printf("got [%.5s]\n", buf);
    SHOW(read(fd, buf, sizeof buf));
    printf("got [%.19s]\n", buf);
    SHOW(read(fd, buf, sizeof buf));
    SHOW(read(fd, buf, 0));
    SHOW(close(fd));

    /* a second open sees the same contents from offset 0 */
    fd = open("data.txt", O_RDONLY);
    OK(fd);
    memset(buf, 0, sizeof buf);
    SHOW(read(fd, buf, sizeof buf));
    fputs(buf, stdout);
    SHOW(close(fd));

    /* one byte at a time */
    fd = open("data.txt", O_RDONLY);
    int n = 0;
    char c;
    while (read(fd, &c, 1) == 1)
        n++;
    printf("bytes one at a time: %d\n", n);
    close(fd);
    SHOW(unlink("data.txt"));
    return 0;
}
