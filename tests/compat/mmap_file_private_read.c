/* mmap_file_private_read: a read-only MAP_PRIVATE file map shows the file's
 * bytes and zeros past EOF in the last page; a private writable map is
 * copy-on-write (the file is unchanged); an offset map starts at that page;
 * a shared writable map of an O_RDONLY fd is EACCES, of a directory ENODEV,
 * an unaligned offset EINVAL. */
#include "common.h"
#include <sys/mman.h>

int main(void)
{
    char buf[10000];
    for (int i = 0; i < 10000; i++)
        buf[i] = 'a' + i % 26;
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, buf, sizeof buf);
    close(fd);
    fd = open("f", O_RDONLY);
    char *m = mmap(NULL, 10000, PROT_READ, MAP_PRIVATE, fd, 0);
    SAY(m != MAP_FAILED);
    SAY(memcmp(m, buf, 10000) == 0);
    int zero = 1;
    for (int i = 10000; i < 12288; i++)
        zero &= m[i] == 0;
    printf("tail of last page zero: %d\n", zero);
    printf("bytes 4094..4098: %.5s\n", m + 4094);
    char *o = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
    SAY(o != MAP_FAILED && memcmp(o, buf + 8192, 10000 - 8192) == 0);
    char *w = mmap(NULL, 10000, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    SAY(w != MAP_FAILED);
    w[0] = 'Z';
    SAY(w[0] == 'Z' && m[0] == 'a');
    char c;
    pread(fd, &c, 1, 0);
    printf("file byte 0 after private write: %c\n", c);
    SHOW(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    int d = open(".", O_RDONLY);
    SHOW(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    close(d);
    /* the map outlives the fd */
    close(fd);
    SAY(m[9999] == buf[9999]);
    SHOW(munmap(m, 10000));
    SHOW(munmap(o, 4096));
    SHOW(munmap(w, 10000));
    unlink("f");
    return 0;
}
