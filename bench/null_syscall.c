/* bench/null_syscall.c: cost of the cheapest system call (getppid), in
 * nanoseconds and in TSC ticks (= guest instructions under QEMU -icount). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    uint64_t e0 = rdtsc();
    for (long i = 0; i < n; i++)
        __asm__ volatile("" ::: "memory");
    uint64_t e1 = rdtsc();
    double w0 = now();
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    uint64_t t1 = rdtsc();
    double w1 = now();
    printf("ns_per_call %.1f\n", (w1 - w0) / n);
    printf("tsc_per_call %.1f\n", ((double)(t1 - t0) - (double)(e1 - e0)) / n);
    return 0;
}
