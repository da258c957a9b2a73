/* clock_gettime_monotonic_realtime: CLOCK_MONOTONIC never goes backwards,
 * CLOCK_REALTIME is after 2020 and agrees with gettimeofday() and time()
 * within a second; BOOTTIME and the coarse and CPU clocks work; resolutions
 * are between 1 ns and 10 ms; a bad clock id is EINVAL. */
#include "common.h"
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    struct timespec a, b, r;
    struct timeval tv;
    int back = 0, bad_nsec = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        back |= ns(b) < ns(a);
        bad_nsec |= b.tv_nsec < 0 || b.tv_nsec >= 1000000000;
        a = b;
    }
    printf("monotonic went backwards: %d, bad nsec: %d\n", back, bad_nsec);
    SHOW(clock_gettime(CLOCK_REALTIME, &r));
    SAY(r.tv_sec > 1577836800); /* 2020-01-01 */
    SHOW(gettimeofday(&tv, NULL));
    SAY(tv.tv_sec - r.tv_sec <= 1 && tv.tv_sec >= r.tv_sec && tv.tv_usec < 1000000);
    time_t t = time(NULL);
    SAY(t >= r.tv_sec && t - r.tv_sec <= 1);
    static const struct { clockid_t id; const char *name; } clk[] = {
        {CLOCK_REALTIME, "REALTIME"}, {CLOCK_MONOTONIC, "MONOTONIC"},
        {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"}, {CLOCK_BOOTTIME, "BOOTTIME"},
        {CLOCK_REALTIME_COARSE, "REALTIME_COARSE"}, {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE"},
        {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME"}, {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME"},
    };
    for (unsigned i = 0; i < sizeof clk / sizeof clk[0]; i++) {
        int g = clock_gettime(clk[i].id, &a);
        int s = clock_getres(clk[i].id, &r);
        printf("%-16s gettime %d getres %d res sane %d\n", clk[i].name, g, s,
               r.tv_sec == 0 && r.tv_nsec >= 1 && r.tv_nsec <= 10000000);
    }
    SHOW(clock_gettime(12345, &a));
    SHOW(clock_getres(12345, &r));
    SHOW(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a));
    SHOW(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
    SHOW(syscall(SYS_gettimeofday, &tv, NULL));
    SHOW(syscall(SYS_time, NULL) > 1577836800);
    return 0;
}
