/* rlimit_nofile_roundtrip: RLIMIT_NOFILE can be read, lowered and read back
 * through getrlimit/setrlimit and prlimit64 alike; soft above hard is EINVAL;
 * opening beyond the soft limit is EMFILE; a bad resource is EINVAL;
 * RLIMIT_STACK is readable. */
#include "common.h"
#include <sys/resource.h>

int main(void)
{
    struct rlimit a, b, c;
    SHOW(getrlimit(RLIMIT_NOFILE, &a));
    SAY(a.rlim_cur > 0 && a.rlim_cur <= a.rlim_max);
    SHOW(prlimit(0, RLIMIT_NOFILE, NULL, &b));
    SAY(a.rlim_cur == b.rlim_cur && a.rlim_max == b.rlim_max);
    c.rlim_cur = 16;
    c.rlim_max = a.rlim_max;
    SHOW(setrlimit(RLIMIT_NOFILE, &c));
    SHOW(getrlimit(RLIMIT_NOFILE, &b));
    printf("soft %lu, hard unchanged %d\n", (unsigned long)b.rlim_cur, b.rlim_max == a.rlim_max);
    int opened = 0;
    for (;;) {
        int fd = open(".", O_RDONLY);
        if (fd < 0) {
            printf("open stops with errno %d (%s)\n", errno, strerror(errno));
            break;
        }
        opened++;
    }
    printf("highest fd opened %d\n", opened + 2);
    for (int fd = 3; fd < 16; fd++)
        close(fd);
    SHOW(dup2(0, 16));
    SHOW(fcntl(0, F_DUPFD, 16));
    c.rlim_cur = 32;
    c.rlim_max = 20;
    SHOW(setrlimit(RLIMIT_NOFILE, &c));
    struct rlimit old;
    c.rlim_cur = 24;
    c.rlim_max = a.rlim_max;
    SHOW(prlimit(0, RLIMIT_NOFILE, &c, &old));
    printf("old soft %lu\n", (unsigned long)old.rlim_cur);
    SHOW(getrlimit(RLIMIT_NOFILE, &b));
    printf("soft %lu\n", (unsigned long)b.rlim_cur);
    SHOW(getrlimit(1000, &b));
    SHOW(getrlimit(RLIMIT_STACK, &b));
    SAY(b.rlim_cur > 0);
    return 0;
}
