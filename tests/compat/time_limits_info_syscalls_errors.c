/* time_limits_info_syscalls_errors: the raw system calls (not the vDSO) of
 * time, gettimeofday, clock_gettime, clock_getres, nanosleep and
 * clock_nanosleep, with their errors: EFAULT for a bad pointer, EINVAL for a
 * bad clock or nanoseconds; and uname, sysinfo, getrlimit, setrlimit,
 * prlimit64, getgroups, umask, getcwd and sched_getaffinity with theirs. */
#include "common.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

#define BAD ((void *)16)

int main(void)
{
    struct timespec ts;
    struct timeval tv;
    long t = syscall(SYS_time, NULL);
    printf("time > 2020: %d\n", t > 1577836800);
    time_t tt;
    SAY(syscall(SYS_time, &tt) == tt);
    SHOW(syscall(SYS_time, BAD));
    SHOW(syscall(SYS_gettimeofday, &tv, NULL));
    SHOW(syscall(SYS_gettimeofday, NULL, NULL));
    SHOW(syscall(SYS_gettimeofday, BAD, NULL));
    SHOW(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
    SHOW(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD));
    SHOW(syscall(SYS_clock_gettime, 99, &ts));
    SHOW(syscall(SYS_clock_getres, CLOCK_REALTIME, &ts));
    printf("CLOCK_REALTIME res %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    SHOW(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
    SHOW(syscall(SYS_clock_getres, CLOCK_MONOTONIC, BAD));
    SHOW(syscall(SYS_clock_getres, 99, &ts));
    SHOW(syscall(SYS_clock_getres, -1, &ts));
    SHOW(syscall(SYS_nanosleep, &(struct timespec){0, 1000000000}, NULL));
    SHOW(syscall(SYS_nanosleep, &(struct timespec){-1, 0}, NULL));
    SHOW(syscall(SYS_nanosleep, BAD, NULL));
    SHOW(syscall(SYS_nanosleep, &(struct timespec){0, 1000}, NULL));
    SHOW(syscall(SYS_clock_nanosleep, 99, 0, &(struct timespec){0, 1000}, NULL));
    SHOW(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &(struct timespec){0, -1}, NULL));
    SHOW(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, BAD, NULL));
    SHOW(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &(struct timespec){0, 0},
                 NULL));

    struct utsname u;
    SHOW(syscall(SYS_uname, &u));
    SHOW(syscall(SYS_uname, BAD));
    struct sysinfo si;
    SHOW(syscall(SYS_sysinfo, &si));
    SHOW(syscall(SYS_sysinfo, BAD));
    struct rlimit rl;
    SHOW(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl));
    SHOW(syscall(SYS_getrlimit, 99, &rl));
    SHOW(syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD));
    rl.rlim_cur = rl.rlim_max + 1;
    SHOW(syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl));
    SHOW(syscall(SYS_setrlimit, RLIMIT_NOFILE, BAD));
    SHOW(syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &rl));
    SHOW(syscall(SYS_prlimit64, 0, 99, NULL, &rl));
    SHOW(syscall(SYS_prlimit64, 0x3fffffff, RLIMIT_CORE, NULL, &rl));
    SHOW(syscall(SYS_getgroups, 0, NULL) >= 0);
    SHOW(syscall(SYS_getgroups, -1, NULL));
    /* how many groups root has depends on how it logged in: no counts */
    SHOW(syscall(SYS_umask, 077));
    SHOW(syscall(SYS_umask, 0777 | 01000));
    SHOW(syscall(SYS_umask, 022));
    char cwd[8];
    SHOW(syscall(SYS_getcwd, cwd, 1));
    SHOW(syscall(SYS_getcwd, BAD, 4096));
    SHOW(syscall(SYS_getcwd, NULL, 4096));
    unsigned long mask[16];
    SHOW(syscall(SYS_sched_getaffinity, 0, 4, mask));
    SHOW(syscall(SYS_sched_getaffinity, 0, sizeof(mask), BAD));
    SHOW(syscall(SYS_sched_getaffinity, 0x3fffffff, sizeof(mask), mask));
    SHOW(syscall(SYS_sched_yield));
    return 0;
}
