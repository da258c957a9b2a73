/* host/tsc.c: calibrating the host TSC against CLOCK_MONOTONIC. */
#include <stdint.h>
#include <time.h>
#include <x86intrin.h>
#include "host/tsc.h"

#define TSC_WINDOW_NS 2000000ll

static int64_t tsc_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

unsigned tsc_calibrate_khz(void)
{
    int64_t t0, t1;
    uint64_t c0, c1;

    t0 = tsc_now_ns();
    c0 = __rdtsc();
    do
        t1 = tsc_now_ns();
    while (t1 - t0 < TSC_WINDOW_NS);
    c1 = __rdtsc();
    if (c1 <= c0)
        return 0;
    return (unsigned)((c1 - c0) * 1000000ull / (uint64_t)(t1 - t0));
}
