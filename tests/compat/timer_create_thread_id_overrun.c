/* timer_create_thread_id_overrun: POSIX timers as Go and libc use them.
 * SIGEV_THREAD_ID sends the signal to one named thread (the handler runs
 * there: gettid() in it is that thread's) with SI_TIMER, the timer id in
 * si_timerid and sigev_value; timer_gettime reads back an armed interval
 * and a disarmed timer (zero); TIMER_ABSTIME arming; a blocked periodic
 * timer's signal stays pending once and timer_getoverrun counts the
 * expiries lost meanwhile (at least a few); timer_delete makes the id
 * invalid (EINVAL); bad clock, bad sigev_notify, SIGEV_THREAD_ID of a tid
 * outside the process and a bad timespec are EINVAL; SIGEV_NONE timers count
 * down in timer_gettime without a signal.  clock_getres for every clock:
 * the values Linux reports (1 ns for the high-resolution clocks; the coarse
 * ones the tick length, compared with that of the running kernel through
 * /proc-free means: both must be 1 ns < res <= 10 ms). */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif
#ifdef sigev_notify_thread_id /* musl */
#define sigev_tid sigev_notify_thread_id
#else /* glibc 2.36 */
#define sigev_tid _sigev_un._tid
#endif

static volatile int fired, fired_tid, fired_code, fired_value, fired_timerid_ok;
static volatile int worker_tid;
static timer_t tid_timer, per;
static volatile int in_handler_overrun = -1, got_overrun = -1;

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
    fired++;
    fired_tid = syscall(SYS_gettid);
    fired_code = si->si_code;
    fired_value = si->si_value.sival_int;
    /* glibc and musl keep their own timer_t; compare the kernel's id */
    fired_timerid_ok = si->si_timerid >= 0;
    if (fired_value == 32 && in_handler_overrun < 0) {
        got_overrun = si->si_overrun;
        in_handler_overrun = timer_getoverrun(per);
    }
}

static void *worker(void *arg)
{
    worker_tid = syscall(SYS_gettid);
    while (!fired)
        usleep(1000);
    return arg;
}

static long ms_of(struct timespec t)
{
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = on_alarm;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);

    /* SIGEV_THREAD_ID at a worker thread */
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGALRM;
    ev.sigev_value.sival_int = 31;
    ev.sigev_tid = worker_tid;
    SHOW(timer_create(CLOCK_MONOTONIC, &ev, &tid_timer));
    struct itimerspec its = {{0, 0}, {0, 20000000}};
    SHOW(timer_settime(tid_timer, 0, &its, NULL));
    pthread_join(t, NULL);
    printf("fired %d in the worker %d, si_code SI_TIMER %d, value %d, timerid %d\n", fired,
           fired_tid == worker_tid, fired_code == SI_TIMER, fired_value, fired_timerid_ok);
    SHOW(timer_delete(tid_timer));

    /* gettime of an armed interval timer, then disarmed; overrun while blocked */
    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, NULL);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_value.sival_int = 32;
    SHOW(timer_create(CLOCK_MONOTONIC, &ev, &per));
    its = (struct itimerspec){{0, 5000000}, {0, 5000000}};
    SHOW(timer_settime(per, 0, &its, NULL));
    struct itimerspec cur;
    SHOW(timer_gettime(per, &cur));
    printf("interval %ld ms, left <= 5 ms: %d\n", ms_of(cur.it_interval), ms_of(cur.it_value) <= 5);
    struct timespec nap = {0, 60000000};
    nanosleep(&nap, NULL);
    sigset_t pend;
    sigpending(&pend);
    printf("pending while blocked: %d\n", sigismember(&pend, SIGALRM));
    fired = 0;
    sigprocmask(SIG_UNBLOCK, &alrm, NULL);
    struct itimerspec old;
    its = (struct itimerspec){{0, 0}, {0, 0}};
    int r = timer_settime(per, 0, &its, &old);
    printf("delivered: %d, value %d\n", fired >= 1, fired_value);
    printf("in the handler: si_overrun >= 5: %d, timer_getoverrun the same: %d, not more than 12: "
           "%d\n",
           got_overrun >= 5, in_handler_overrun == got_overrun, got_overrun <= 12);
    printf("disarm: %d\n", r);
    printf("old interval %ld ms\n", ms_of(old.it_interval));
    SHOW(timer_gettime(per, &cur));
    printf("disarmed: %ld %ld\n", ms_of(cur.it_value), ms_of(cur.it_interval));
    SHOW(timer_delete(per));

    /* absolute arming, SIGEV_NONE counting down */
    ev.sigev_notify = SIGEV_NONE;
    timer_t none;
    SHOW(timer_create(CLOCK_REALTIME, &ev, &none));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    its = (struct itimerspec){{0, 0}, {now.tv_sec + 100, now.tv_nsec}};
    SHOW(timer_settime(none, TIMER_ABSTIME, &its, NULL));
    SHOW(timer_gettime(none, &cur));
    printf("absolute: about 100 s left: %d\n",
           cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100);
    its.it_value.tv_nsec = 1000000000;
    SHOW(timer_settime(none, 0, &its, NULL));
    SHOW(timer_delete(none));

    /* errors through the raw calls (libc's timer_t is not the kernel id) */
    int kid;
    ev.sigev_notify = SIGEV_SIGNAL;
    SHOW(syscall(SYS_timer_create, 99, &ev, &kid));
    ev.sigev_notify = 77;
    SHOW(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid));
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_tid = 999999;
    SHOW(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = 0;
    SHOW(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid));
    ev.sigev_signo = SIGALRM;
    SHOW(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid));
    SHOW(syscall(SYS_timer_delete, kid));
    SHOW(syscall(SYS_timer_delete, kid));
    SHOW(syscall(SYS_timer_gettime, kid, &cur));
    SHOW(syscall(SYS_timer_getoverrun, kid));
    SHOW(syscall(SYS_timer_settime, kid, 0, &its, NULL));
    SHOW(syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &kid));
    SHOW(syscall(SYS_timer_delete, kid));

    /* clock_getres */
    static const struct {
        clockid_t id;
        const char *name;
    } clocks[] = {
        {CLOCK_REALTIME, "REALTIME"},
        {CLOCK_MONOTONIC, "MONOTONIC"},
        {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
        {CLOCK_BOOTTIME, "BOOTTIME"},
        {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
        {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
    };
    for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        struct timespec r = {9, 9};
        int rc = clock_getres(clocks[i].id, &r);
        printf("getres %s: %d %ld.%09ld\n", clocks[i].name, rc, (long)r.tv_sec, r.tv_nsec);
    }
    static const clockid_t coarse[] = {CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE};
    for (int i = 0; i < 2; i++) {
        struct timespec r = {9, 9}, a, b;
        int rc = clock_getres(coarse[i], &r);
        printf("getres coarse %d: %d, 1 ns < res <= 10 ms: %d\n", i, rc,
               r.tv_sec == 0 && r.tv_nsec > 1 && r.tv_nsec <= 10000000);
        /* a coarse clock moves in steps no finer than its resolution... and
         * not behind the precise one by more than one step */
        clock_gettime(coarse[i], &a);
        clock_gettime(i ? CLOCK_MONOTONIC : CLOCK_REALTIME, &b);
        long long lag = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        printf("coarse %d behind the precise clock by 0..2 res: %d\n", i,
               lag >= 0 && lag <= 2 * r.tv_nsec);
    }
    SHOW(clock_getres(CLOCK_MONOTONIC, NULL));
    SHOW(clock_getres(1234, NULL));
    return 0;
}
