/* efault_bad_user_pointers: a syscall given a bad pointer fails with EFAULT
 * and the process carries on: write from address 1, read into NULL, stat of
 * a NULL path, open of a kernel-half path, reads and struct results aimed at
 * kernel memory, paths running into an unmapped page, non-canonical
 * addresses; a read into a buffer that runs off the end of a mapping returns
 * the short count Linux copies. */
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/uio.h>

#define KADDR ((void *)0xffffffff80000000ul)
#define NONCANON ((void *)0x0000800000000000ul)

int main(void)
{
    char buf[64];
    struct stat st;
    put_file("f", "some file contents\n");
    int fd = open("f", O_RDWR);
    void *volatile one = (void *)1; /* volatile: keep gcc from flagging it */
    SHOW(write(1, one, 10));
    SHOW(syscall(SYS_read, fd, NULL, 10));
    SHOW(syscall(SYS_stat, NULL, &st));
    SHOW(syscall(SYS_stat, "f", NULL));
    SHOW(syscall(SYS_open, KADDR, O_RDONLY));
    SHOW(syscall(SYS_open, NONCANON, O_RDONLY));
    SHOW(syscall(SYS_read, fd, KADDR, 10));
    SHOW(syscall(SYS_write, fd, KADDR, 10));
    SHOW(syscall(SYS_read, fd, NONCANON, 10));
    SHOW(syscall(SYS_fstat, fd, KADDR));
    SHOW(syscall(SYS_getcwd, KADDR, 4096));
    SHOW(syscall(SYS_uname, KADDR));
    SHOW(syscall(SYS_clock_gettime, 1, KADDR));
    SHOW(syscall(SYS_sysinfo, KADDR));
    SHOW(syscall(SYS_getrandom, KADDR, 16, 0));
    struct iovec bad[1] = {{KADDR, 8}};
    lseek(fd, 0, SEEK_SET);
    SHOW(readv(fd, bad, 1));
    SHOW(syscall(SYS_writev, 1, KADDR, 1));
    SHOW(syscall(SYS_mkdir, (void *)16, 0755));

    /* a path string that runs into an unmapped page */
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    memset(p, 'a', 4096);
    SHOW(syscall(SYS_open, p + 4096 - 3, O_RDONLY));
    SHOW(syscall(SYS_access, p + 4096, F_OK));
    /* a read into a buffer that ends in an unmapped page: Linux copies what
     * fits and returns that short count */
    lseek(fd, 0, SEEK_SET);
    long n = syscall(SYS_read, fd, p + 4096 - 5, 19);
    printf("read across the end: %s\n", n == 5 ? "short count 5" : n == -1 && errno == EFAULT ? "EFAULT" : "other");
    munmap(p, 4096);

    /* the process is intact: a normal read still works */
    lseek(fd, 0, SEEK_SET);
    memset(buf, 0, sizeof buf);
    SHOW(read(fd, buf, 4));
    printf("read [%s]\n", buf);
    close(fd);
    unlink("f");
    return 0;
}
