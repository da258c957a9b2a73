/* clock_cputime_rusage_times: CPU-time accounting as runtimes read it.
 * After 30 ms of CPU spent spinning (by the thread's own clock),
 * CLOCK_PROCESS_CPUTIME_ID agrees, and the thread's clock does not advance
 * during a 30 ms sleep; a
 * second thread's clock (pthread_getcpuclockid) counts its own spinning
 * only; clock_getcpuclockid(0) and of getpid() give a clock that reads the
 * process's time, of an unknown pid ESRCH; getrusage RUSAGE_SELF and
 * RUSAGE_THREAD see the busy loop in ru_utime+ru_stime, ru_maxrss is
 * positive, a bad "who" is EINVAL; times() returns increasing clock ticks
 * and tms_utime+tms_stime grew; sysconf(_SC_CLK_TCK) is 100. */
#include "common.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

static long long ns_of(clockid_t c)
{
    struct timespec t;
    if (clock_gettime(c, &t))
        return -1;
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* spin until this thread has used ns of CPU (not wall) time: a loaded
 * host may run it only part of the time */
static void busy(long long ns)
{
    long long end = ns_of(CLOCK_THREAD_CPUTIME_ID) + ns;
    while (ns_of(CLOCK_THREAD_CPUTIME_ID) < end)
        ;
}

static long long tv_ns(struct timeval a, struct timeval b)
{
    return (a.tv_sec + b.tv_sec) * 1000000000LL + (a.tv_usec + b.tv_usec) * 1000LL;
}

static volatile int go, done;

static void *spinner(void *arg)
{
    while (!go)
        ;
    busy(40000000);
    done = 1;
    while (go)
        ;
    return arg;
}

int main(void)
{
    long long p0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), t0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    struct rusage r0, r1, rt;
    getrusage(RUSAGE_SELF, &r0);
    struct tms m0, m1;
    clock_t c0 = times(&m0);
    busy(30000000);
    long long p1 = ns_of(CLOCK_PROCESS_CPUTIME_ID), t1 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    /* at most 2 s: a clock in the wrong unit is off by 1000x; a VM's CPU
     * clock also runs while a loaded host deschedules it (seen: > 200 ms) */
    printf("process clock advanced 20..2000 ms: %d\n", p1 - p0 >= 20000000 && p1 - p0 < 2000000000);
    printf("thread clock advanced 20..2000 ms: %d\n", t1 - t0 >= 20000000 && t1 - t0 < 2000000000);
    struct timespec nap = {0, 30000000}, none = {0, 0};
    nanosleep(&none, NULL); /* bound and paged in first (dynamic builds) */
    long long t1s = ns_of(CLOCK_THREAD_CPUTIME_ID);
    nanosleep(&nap, NULL);
    long long t2 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    /* less than the sleep itself (a VM's CPU clock also runs while the host
     * deschedules it, so not much less) */
    printf("thread clock during a 30 ms sleep < 20 ms: %d\n", t2 - t1s < 20000000);
    getrusage(RUSAGE_SELF, &r1);
    printf("rusage self grew by >= 20 ms: %d, maxrss > 0: %d\n",
           tv_ns(r1.ru_utime, r1.ru_stime) - tv_ns(r0.ru_utime, r0.ru_stime) >= 20000000,
           r1.ru_maxrss > 0);
    SHOW(getrusage(RUSAGE_THREAD, &rt));
    printf("rusage thread >= 20 ms: %d\n", tv_ns(rt.ru_utime, rt.ru_stime) >= 20000000);
    SHOW(getrusage(5, &rt));
    clock_t c1 = times(&m1);
    printf("times: ticks advanced: %d, utime+stime grew: %d, CLK_TCK %ld\n", c1 > c0,
           m1.tms_utime + m1.tms_stime > m0.tms_utime + m0.tms_stime, sysconf(_SC_CLK_TCK));
    printf("times(NULL) works: %d\n", times(NULL) != (clock_t)-1);

    /* another thread's clock */
    pthread_t t;
    pthread_create(&t, NULL, spinner, NULL);
    clockid_t tc;
    SHOW(pthread_getcpuclockid(t, &tc));
    long long s0 = ns_of(tc), m_0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    go = 1;
    while (!done)
        ;
    long long s1 = ns_of(tc), m_1 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    struct timespec res = {9, 9};
    int gr = clock_getres(tc, &res); /* while it lives: after the join, Linux may still see it */
    go = 0;
    pthread_join(t, NULL);
    printf("spinner's clock advanced >= 30 ms: %d\n", s1 - s0 >= 30000000);
    printf("main's own clock readable: %d\n", m_1 >= m_0);
    printf("getres of the thread clock: %d, %ld ns\n", gr, res.tv_nsec);

    clockid_t pc;
    SHOW(clock_getcpuclockid(0, &pc));
    long long a = ns_of(pc), b = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    printf("pid 0 clock reads the process time: %d\n", a > 0 && a <= b);
    SHOW(clock_getcpuclockid(getpid(), &pc));
    printf("own pid clock works: %d\n", ns_of(pc) > 0);
    int e = clock_getcpuclockid(999999, &pc);
    printf("unknown pid: %d (%s)\n", e, strerror(e));
    return 0;
}
