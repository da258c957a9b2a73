/* proc_self_exe_readlink: /proc/self/exe is a symlink whose target is the
 * program's real path (realpath of argv[0]); readlinkat agrees; a short
 * buffer truncates without a NUL; readlink of a regular file is EINVAL. */
#include "common.h"
#include <limits.h>

int main(int argc, char **argv)
{
    char target[PATH_MAX + 1] = {0}, real[PATH_MAX], small[4];
    ssize_t n = readlink("/proc/self/exe", target, PATH_MAX);
    SAY(n > 0);
    SAY(realpath(argv[0], real) != NULL);
    printf("matches realpath(argv[0]): %d\n", n > 0 && strcmp(target, real) == 0);
    memset(target, 0, sizeof target);
    ssize_t m = readlinkat(AT_FDCWD, "/proc/self/exe", target, PATH_MAX);
    SAY(m == n);
    printf("readlinkat matches: %d\n", strcmp(target, real) == 0);
    int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    memset(target, 0, sizeof target);
    m = readlinkat(dfd, "exe", target, PATH_MAX);
    printf("readlinkat(/proc/self fd) matches: %d\n", m == n && strcmp(target, real) == 0);
    close(dfd);
    SHOW(readlink("/proc/self/exe", small, sizeof small));
    SAY(memcmp(small, real, sizeof small) == 0);
    put_file("plain", "x");
    SHOW(readlink("plain", target, sizeof target));
    SHOW(readlink("missing", target, sizeof target));
    SHOW(syscall(SYS_readlink, "/proc/self/exe", target, 0)); /* musl special-cases 0 */
    unlink("plain");
    return 0;
}
