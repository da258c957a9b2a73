/* timer_cpu_clock_counts_cpu: POSIX timers on CLOCK_PROCESS_CPUTIME_ID and
 * CLOCK_THREAD_CPUTIME_ID count CPU time, not wall time: armed for 20 ms,
 * such a timer does not fire while the program sleeps 100 ms (timer_gettime
 * still shows more than 10 ms left), and fires once the program has spun
 * 40 ms of CPU; an interval timer of 10 ms fires about once per 10 ms of CPU
 * spun (3 to 8 times in 60 ms); TIMER_ABSTIME takes a CPU-clock time. */
#include "common.h"
#include <signal.h>
#include <time.h>

static volatile int fired;

static void on_usr1(int s)
{
    (void)s;
    fired++;
}

static long long cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void spin(long long ns)
{
    long long end = cpu_ns() + ns;
    while (cpu_ns() < end)
        ;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    static const clockid_t clocks[] = {CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
    static const char *names[] = {"process", "thread"};
    for (int i = 0; i < 2; i++) {
        struct sigevent ev = {0};
        ev.sigev_notify = SIGEV_SIGNAL;
        ev.sigev_signo = SIGUSR1;
        timer_t t;
        SHOW(timer_create(clocks[i], &ev, &t));
        struct itimerspec its = {{0, 0}, {0, 20000000}}, cur;
        fired = 0;
        timer_settime(t, 0, &its, NULL);
        struct timespec nap = {0, 100000000};
        nanosleep(&nap, NULL);
        timer_gettime(t, &cur);
        printf("%s: fired during a 100 ms sleep: %d, still > 10 ms left: %d\n", names[i], fired,
               cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 10000000);
        spin(40000000);
        printf("%s: fired after 40 ms of CPU: %d\n", names[i], fired);

        its = (struct itimerspec){{0, 10000000}, {0, 10000000}};
        fired = 0;
        timer_settime(t, 0, &its, NULL);
        spin(60000000);
        its = (struct itimerspec){{0, 0}, {0, 0}};
        timer_settime(t, 0, &its, NULL);
        printf("%s: interval 10 ms over 60 ms of CPU: 3..8 times: %d\n", names[i],
               fired >= 3 && fired <= 8);

        struct timespec now;
        clock_gettime(clocks[i], &now);
        its = (struct itimerspec){{0, 0}, {now.tv_sec, now.tv_nsec}};
        its.it_value.tv_nsec += 20000000;
        if (its.it_value.tv_nsec >= 1000000000)
            its.it_value.tv_sec++, its.it_value.tv_nsec -= 1000000000;
        fired = 0;
        SHOW(timer_settime(t, TIMER_ABSTIME, &its, NULL));
        nanosleep(&nap, NULL);
        int slept = fired;
        spin(40000000);
        printf("%s: absolute: not while asleep %d, after spinning %d\n", names[i], slept == 0,
               fired);
        SHOW(timer_delete(t));
    }
    return 0;
}
