/* syscall/sys_time.c: clocks, sleeping, and CPU-time accounting (times,
 * getrusage). */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

/* CPU-time clocks of a given process or thread (clock_getcpuclockid,
 * pthread_getcpuclockid): Linux encodes them as ~id << 3, 4 for a thread,
 * and which time in the low two bits (0 user+system, 1 user, 2 scheduler;
 * kiln keeps one count for all three; 3 names a clock device: none here).
 * Id 0 is the caller.  A thread must be one of the caller's; a process any
 * live one.  *res gets the resolution: 1 ns for the scheduler's clock, a
 * 250 Hz tick for the others, as Linux reports them. */
static int cpu_clock(int clock, uint64_t *ns, uint64_t *res)
{
    int id = ~(clock >> 3);
    struct task *cur = current();
    if ((clock & 3) == 3)
        return -EINVAL;
    if (clock & 4) {
        struct task *t = id ? task_find(cur->proc, id) : cur;
        if (!t || t->state == TASK_DEAD)
            return -EINVAL;
        *ns = task_cputime(t);
    } else {
        struct process *p = id ? process_find(id) : cur->proc;
        if (!p || p->state != PROC_ALIVE)
            return -EINVAL;
        *ns = process_cputime(p);
    }
    *res = (clock & 3) == 2 ? 1 : 4000000;
    return 0;
}

/* Any clock's time: the fixed ids (kernel/time.c) or a CPU-time clock. */
static int clock_ns(int clock, uint64_t *ns)
{
    uint64_t res;
    return clock < 0 ? cpu_clock(clock, ns, &res) : time_clock_ns(clock, ns);
}

long sys_clock_gettime(int clock, struct timespec64 *uts)
{
    uint64_t ns;
    struct timespec64 ts;
    int err = clock_ns(clock, &ns);
    if (err)
        return err;
    time_ns_to_ts(ns, &ts);
    return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_clock_getres(int clock, struct timespec64 *uts)
{
    uint64_t ns, res = 1;
    struct timespec64 ts = {0, 1};
    int err = clock < 0 ? cpu_clock(clock, &ns, &res) : time_clock_ns(clock, &ns);
    if (err)
        return err;
    ts.tv_nsec = res;
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

/* ---- CPU-time accounting: times, getrusage ---- */

long sys_times(int64_t *ubuf)
{
    /* all CPU time counts as user time: the kernel's share is not split out */
    struct process *p = current()->proc;
    int64_t v[4] = {process_cputime(p) / 10000000, 0, p->child_runtime_ns / 10000000, 0};
    if (ubuf && copy_to_user(ubuf, v, sizeof(v)))
        return -EFAULT;
    return time_mono_ns() / 10000000 + 100; /* clock ticks since "boot", never 0 */
}

struct rusage_k {
    int64_t utime_s, utime_us, stime_s, stime_us;
    int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock, msgsnd,
        msgrcv, nsignals, nvcsw, nivcsw;
};

int rusage_to_user(void *u, uint64_t ns, uint64_t maxrss_kb)
{
    struct rusage_k r;
    memset(&r, 0, sizeof(r));
    r.utime_s = ns / 1000000000;
    r.utime_us = ns % 1000000000 / 1000;
    r.maxrss = maxrss_kb;
    return copy_to_user(u, &r, sizeof(r));
}

long sys_getrusage(int who, struct rusage_k *u)
{
    struct process *p = current()->proc;
    if (who == 0) /* RUSAGE_SELF; maxrss: mapped KiB, an upper bound */
        return rusage_to_user(u, process_cputime(p), p->mm->total_pages * 4);
    if (who == 1) /* RUSAGE_THREAD */
        return rusage_to_user(u, task_cputime(current()), p->mm->total_pages * 4);
    if (who == -1) /* RUSAGE_CHILDREN: the reaped ones */
        return rusage_to_user(u, p->child_runtime_ns, p->child_maxrss_kb);
    return -EINVAL;
}
