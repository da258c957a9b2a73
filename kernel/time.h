/* kernel/time.h: clocks from the TSC. */
#ifndef KILN_KERNEL_TIME_H
#define KILN_KERNEL_TIME_H

#include <stdint.h>
#include "include/linux/fs.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

/* tsc_khz from the command line (0: ask CPUID); boot wall time in ns. */
void time_init(uint64_t tsc_khz, uint64_t realtime_ns);
uint64_t time_tsc_khz(void);            /* the TSC rate in use */
uint64_t time_mono_ns(void);            /* nanoseconds since boot */
uint64_t time_real_ns(void);            /* nanoseconds since the epoch */
int time_clock_ns(int clock, uint64_t *ns); /* -EINVAL for unknown clocks */
void time_now(struct timespec64 *ts);   /* CLOCK_REALTIME */

static inline void time_ns_to_ts(uint64_t ns, struct timespec64 *ts)
{
    ts->tv_sec = ns / 1000000000;
    ts->tv_nsec = ns % 1000000000;
}
void time_irq(void);                    /* timer interrupt: acknowledge it */
void time_arm(uint64_t deadline_ns);    /* one timer interrupt at deadline (0: none) */

#endif
