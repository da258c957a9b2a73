/* pread_pwrite_keep_offset: pread64/pwrite64 use their own offset and leave
 * the file offset alone; negative offset is EINVAL; pwrite past EOF leaves a
 * hole of zeros. */
#include "common.h"

int main(void)
{
    char buf[32] = {0};
    int fd = open("p.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    SHOW(write(fd, "0123456789", 10));
    SHOW(lseek(fd, 2, SEEK_SET));
    SHOW(pread(fd, buf, 4, 5));
    printf("pread [%s]\n", buf);
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(pwrite(fd, "AB", 2, 8));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(pwrite(fd, "Z", 1, 14));
    SHOW(lseek(fd, 0, SEEK_END));
    memset(buf, 0, sizeof buf);
    SHOW(pread(fd, buf, sizeof buf, 0));
    for (int i = 0; i < 15; i++)
        printf("%02x ", (unsigned char)buf[i]);
    printf("\n");
    SHOW(pread(fd, buf, 4, 100));
    SHOW(pread(fd, buf, 4, -1));
    SHOW(pwrite(fd, buf, 4, -1));
    SHOW(close(fd));
    unlink("p.txt");
    return 0;
}
