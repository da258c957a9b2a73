/* lseek_whence_and_errors: SEEK_SET/CUR/END arithmetic, seeking past EOF
 * then writing leaves zeros, negative result and bad whence are EINVAL,
 * a bad fd is EBADF. */
#include "common.h"

int main(void)
{
    char buf[16];
    int fd = open("s.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    SHOW(write(fd, "abcdefghij", 10));
    SHOW(lseek(fd, 3, SEEK_SET));
    SHOW(lseek(fd, 2, SEEK_CUR));
    SHOW(lseek(fd, -1, SEEK_CUR));
    SHOW(read(fd, buf, 2));
    printf("read [%.2s]\n", buf);
    SHOW(lseek(fd, 0, SEEK_END));
    SHOW(lseek(fd, -3, SEEK_END));
    SHOW(read(fd, buf, 16));
    printf("read [%.3s]\n", buf);
    SHOW(lseek(fd, -11, SEEK_END));
    SHOW(lseek(fd, -1, SEEK_SET));
    SHOW(lseek(fd, 0, 7));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, 20, SEEK_SET));
    SHOW(read(fd, buf, 4));
    SHOW(write(fd, "X", 1));
    SHOW(lseek(fd, 0, SEEK_END));
    SHOW(lseek(fd, 10, SEEK_SET));
    SHOW(read(fd, buf, 16));
    for (int i = 0; i < 11; i++)
        printf("%02x ", (unsigned char)buf[i]);
    printf("\n");
    SHOW(close(fd));
    SHOW(lseek(fd, 0, SEEK_SET));
    SHOW(lseek(-1, 0, SEEK_SET));
    unlink("s.txt");
    return 0;
}
