/* arch/x86_64/vdso/vdso.c: the vDSO: clock_gettime, gettimeofday, time and
 * getcpu without a system call (and clock_getres, which makes one).  Built
 * as a tiny shared object, embedded in the kernel, and mapped into every
 * program (AT_SYSINFO_EHDR).  Clocks kiln cannot compute here fall back to
 * the real system call. */
#include "vdso_data.h"

struct timespec_k {
    long tv_sec, tv_nsec;
};
struct timeval_k {
    long tv_sec, tv_usec;
};

extern const char __ehdr_start[] __attribute__((visibility("hidden")));

static const volatile struct vdso_data *data(void)
{
    return (const volatile struct vdso_data *)(__ehdr_start - 4096);
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t mono_ns(const volatile struct vdso_data *d)
{
    return (uint64_t)(((unsigned __int128)(rdtsc() - d->tsc0) * d->mult) >> 32);
}

static long sys2(long nr, long a, long b)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return r;
}

int __vdso_clock_gettime(int clock, struct timespec_k *ts)
{
    const volatile struct vdso_data *d = data();
    uint64_t ns;
    if (!d->ready)
        return sys2(228, clock, (long)ts);
    switch (clock) {
    case 0: /* REALTIME */
    case 5: /* REALTIME_COARSE */
        ns = d->real0_ns + mono_ns(d);
        break;
    case 1: /* MONOTONIC */
    case 4: /* MONOTONIC_RAW */
    case 6: /* MONOTONIC_COARSE */
    case 7: /* BOOTTIME */
        ns = mono_ns(d);
        break;
    default:
        return sys2(228, clock, (long)ts);
    }
    ts->tv_sec = ns / 1000000000;
    ts->tv_nsec = ns % 1000000000;
    return 0;
}

int __vdso_gettimeofday(struct timeval_k *tv, void *tz)
{
    const volatile struct vdso_data *d = data();
    if (!d->ready || tz)
        return sys2(96, (long)tv, (long)tz);
    if (tv) {
        uint64_t ns = d->real0_ns + mono_ns(d);
        tv->tv_sec = ns / 1000000000;
        tv->tv_usec = ns % 1000000000 / 1000;
    }
    return 0;
}

long __vdso_time(long *t)
{
    const volatile struct vdso_data *d = data();
    if (!d->ready)
        return sys2(201, (long)t, 0);
    long s = (d->real0_ns + mono_ns(d)) / 1000000000;
    if (t)
        *t = s;
    return s;
}

/* Resolutions are the system call's (Linux's vDSO has this entry too, and
 * libcs use it when present); it is not on any hot path. */
int __vdso_clock_getres(int clock, struct timespec_k *res)
{
    return sys2(229, clock, (long)res);
}

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
    if (cpu)
        *cpu = 0;
    if (node)
        *node = 0;
    return 0;
}

int clock_gettime(int, struct timespec_k *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval_k *, void *) __attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
int clock_getres(int, struct timespec_k *) __attribute__((weak, alias("__vdso_clock_getres")));
