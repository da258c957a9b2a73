/* close_range_futimesat_chroot: close_range closes (or marks close-on-exec)
 * a range of fds, bad flags and ranges are EINVAL; futimesat sets times
 * relative to a directory fd; chroot makes "/" a directory (as root). */
#include "common.h"
#include <sys/syscall.h>
#include <sys/time.h>

int main(void)
{
    int a = dup(1), b = dup(1), c = dup(1);
    SHOW(syscall(SYS_close_range, b, c, 4)); /* CLOSE_RANGE_CLOEXEC */
    SHOW(fcntl(b, F_GETFD));
    SHOW(fcntl(a, F_GETFD));
    SHOW(syscall(SYS_close_range, a, c, 0));
    SHOW(fcntl(a, F_GETFD));
    SHOW(fcntl(c, F_GETFD));
    SHOW(syscall(SYS_close_range, 10, 5, 0));
    SHOW(syscall(SYS_close_range, 3, 5, 1));
    SHOW(syscall(SYS_close_range, 900, ~0u, 0));

    OK(mkdir("jail", 0755));
    int fd = open("jail/f", O_CREAT | O_WRONLY, 0644);
    OK(fd);
    SHOW(write(fd, "inside\n", 7));
    close(fd);
    int dir = open("jail", O_RDONLY | O_DIRECTORY);
    struct timeval tv[2] = {{1000000000, 5}, {1234567890, 250000}};
    struct stat st;
    SHOW(syscall(SYS_futimesat, dir, "f", tv));
    SHOW(stat("jail/f", &st));
    printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    tv[0].tv_usec = 1000000;
    SHOW(syscall(SYS_futimesat, dir, "f", tv));
    SHOW(syscall(SYS_futimesat, dir, "missing", NULL));
    if (getuid() == 0) {
        SHOW(chroot("jail/f"));
        SHOW(chroot("nope"));
        SHOW(chroot("jail"));
        SHOW(chdir("/"));
        char buf[64] = {0};
        fd = open("/f", O_RDONLY);
        SHOW(read(fd, buf, sizeof(buf) - 1));
        printf("%s", buf);
        SHOW(access("/../f", F_OK));
        SHOW(unlink("/f"));
        SHOW(chdir("/.."));
        SHOW(fchdir(dir) || rmdir("../jail"));
    } else {
        printf("not root: chroot not tried\n");
        unlink("jail/f");
        rmdir("jail");
    }
    return 0;
}
