/* truncate_grow_shrink: truncate and ftruncate grow a file with zero bytes
 * and shrink it, leave the offset alone; negative length is EINVAL, a
 * directory EISDIR, a read-only fd EINVAL (Linux), a missing path ENOENT. */
#include "common.h"

static void dump(const char *p)
{
    unsigned char b[32];
    int fd = open(p, O_RDONLY);
    ssize_t n = read(fd, b, sizeof b);
    close(fd);
    printf("%zd bytes:", n);
    for (ssize_t i = 0; i < n; i++)
        printf(" %02x", b[i]);
    printf("\n");
}

int main(void)
{
    struct stat st;
    put_file("f", "abcdefgh");
    SHOW(truncate("f", 4));
    dump("f");
    SHOW(truncate("f", 10));
    dump("f");
    int fd = open("f", O_RDWR);
    SHOW(lseek(fd, 0, SEEK_END));
    SHOW(ftruncate(fd, 2));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(write(fd, "Z", 1));
    dump("f");
    SHOW(ftruncate(fd, 0));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    SHOW(ftruncate(fd, 1 << 20));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    char big[4096];
    SHOW(pread(fd, big, sizeof big, 500000));
    int zero = 1;
    for (int i = 0; i < 4096; i++)
        zero &= big[i] == 0;
    printf("grown region zero: %d\n", zero);
    SHOW(ftruncate(fd, -1));
    close(fd);
    fd = open("f", O_RDONLY);
    SHOW(ftruncate(fd, 0));
    close(fd);
    mkdir("d", 0755);
    SHOW(truncate("d", 0));
    SHOW(truncate("missing", 0));
    SHOW(truncate("f", -5));
    SHOW(ftruncate(-1, 0));
    rmdir("d");
    unlink("f");
    return 0;
}
