/* syscall/sys_time.c: clocks and sleeping. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/uaccess.h"

static void to_ts(uint64_t ns, struct timespec64 *ts)
{
    ts->tv_sec = ns / 1000000000;
    ts->tv_nsec = ns % 1000000000;
}

long sys_clock_gettime(int clock, struct timespec64 *uts)
{
    uint64_t ns;
    struct timespec64 ts;
    int err = time_clock_ns(clock, &ns);
    if (err)
        return err;
    to_ts(ns, &ts);
    return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_clock_getres(int clock, struct timespec64 *uts)
{
    uint64_t ns;
    struct timespec64 ts = {0, 1};
    int err = time_clock_ns(clock, &ns);
    if (err)
        return err;
    if (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE)
        ts.tv_nsec = 4000000; /* a 250 Hz tick, as Debian's kernel */
    return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(void *utv, void *utz)
{
    uint64_t ns = time_real_ns();
    int64_t tv[2] = {(int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000 / 1000)};
    int tz[2] = {0, 0};
    if (utv && copy_to_user(utv, tv, sizeof(tv)))
        return -EFAULT;
    if (utz && copy_to_user(utz, tz, sizeof(tz)))
        return -EFAULT;
    return 0;
}

long sys_time(int64_t *ut)
{
    int64_t t = time_real_ns() / 1000000000;
    if (ut && copy_to_user(ut, &t, sizeof(t)))
        return -EFAULT;
    return t;
}

static long sleep_ns(int clock, int abs, const struct timespec64 *ureq, struct timespec64 *urem)
{
    struct timespec64 req;
    uint64_t now;
    if (copy_from_user(&req, ureq, sizeof(req)))
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec > 999999999)
        return -EINVAL;
    int err = time_clock_ns(clock, &now);
    if (err)
        return err;
    uint64_t want = (uint64_t)req.tv_sec * 1000000000 + req.tv_nsec;
    uint64_t mono = time_mono_ns();
    uint64_t deadline = abs ? (want > now ? mono + (want - now) : mono) : mono + want;
    if (sched_sleep(deadline ? deadline : 1, 1) != WAKE_SIGNAL)
        return 0;
    /* interrupted: nanosleep reports EINTR even under SA_RESTART */
    if (urem && !abs) {
        uint64_t left = deadline > time_mono_ns() ? deadline - time_mono_ns() : 0;
        struct timespec64 rem = {(int64_t)(left / 1000000000), (int64_t)(left % 1000000000)};
        if (copy_to_user(urem, &rem, sizeof(rem)))
            return -EFAULT;
    }
    return -EINTR;
}

long sys_nanosleep(const struct timespec64 *ureq, struct timespec64 *urem)
{
    return sleep_ns(CLOCK_MONOTONIC, 0, ureq, urem);
}

long sys_clock_nanosleep(int clock, int flags, const struct timespec64 *ureq,
                         struct timespec64 *urem)
{
    if (clock == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME &&
        clock != CLOCK_PROCESS_CPUTIME_ID)
        return clock >= 0 && clock <= 11 ? -EOPNOTSUPP : -EINVAL;
    return sleep_ns(clock, flags & TIMER_ABSTIME, ureq, urem);
}
