/* nanosleep_elapsed_at_least: nanosleep(10 ms) and clock_nanosleep (relative
 * and TIMER_ABSTIME) sleep at least as long as asked by CLOCK_MONOTONIC;
 * a zero sleep returns at once; tv_nsec out of range is EINVAL. */
#include "common.h"
#include <time.h>

static long long now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    struct timespec req = {0, 10000000}, rem = {7, 7};
    long long t0 = now();
    SHOW(nanosleep(&req, &rem));
    printf("nanosleep >= 10ms: %d\n", now() - t0 >= 10000000);
    t0 = now();
    SHOW(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
    printf("clock_nanosleep relative >= 10ms: %d\n", now() - t0 >= 10000000);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 15000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    SHOW(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("absolute deadline reached: %d\n",
           after.tv_sec > until.tv_sec || (after.tv_sec == until.tv_sec && after.tv_nsec >= until.tv_nsec));
    struct timespec past = {0, 0};
    SHOW(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    struct timespec zero = {0, 0};
    SHOW(nanosleep(&zero, NULL));
    struct timespec bad = {0, 1000000000};
    SHOW(nanosleep(&bad, NULL));
    bad.tv_nsec = -1;
    SHOW(nanosleep(&bad, NULL));
    SHOW(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL));
    SHOW(clock_nanosleep(12345, 0, &req, NULL));
    SHOW(usleep(1000));
    return 0;
}
