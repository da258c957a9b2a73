/* mmap_shared_file_writes_visible: stores through a MAP_SHARED file mapping
 * reach the file (read(2) sees them, the size does not change), stores
 * through a MAP_PRIVATE mapping do not, write(2) to the file shows in an
 * existing shared mapping, and munmap of the middle page splits a mapping
 * whose outer pages keep working. */
#include "common.h"
#include <sys/mman.h>

int main(void)
{
    char buf[16];
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char page[3 * 4096];
    memset(page, 'a', sizeof(page));
    SHOW(write(fd, page, sizeof(page)));
    char *s = mmap(NULL, sizeof(page), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *p = mmap(NULL, sizeof(page), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    SAY(s != MAP_FAILED && p != MAP_FAILED);
    memcpy(s + 4096, "shared", 6);
    memcpy(p + 8192, "private", 7);
    SHOW(pread(fd, buf, 6, 4096));
    printf("file at 4096: %.6s\n", buf);
    SHOW(pread(fd, buf, 7, 8192));
    printf("file at 8192: %.7s\n", buf);
    struct stat st;
    fstat(fd, &st);
    printf("size %ld\n", (long)st.st_size);
    SHOW(pwrite(fd, "written", 7, 100));
    printf("shared map at 100: %.7s\n", s + 100);
    printf("private map at 8192: %.7s\n", p + 8192);
    SHOW(munmap(s + 4096, 4096));
    s[0] = 'X';
    s[8192] = 'Y';
    SHOW(pread(fd, buf, 1, 0));
    printf("first byte %c\n", buf[0]);
    SHOW(pread(fd, buf, 1, 8192));
    printf("third page byte %c\n", buf[0]);
    SHOW(msync(s, 4096, MS_SYNC));
    SHOW(munmap(s, sizeof(page)));
    SHOW(munmap(p, sizeof(page)));
    close(fd);
    unlink("f");
    return 0;
}
