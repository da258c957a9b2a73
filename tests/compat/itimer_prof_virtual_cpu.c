/* itimer_prof_virtual_cpu: setitimer's CPU-time timers.  ITIMER_PROF (user
 * and system time) and ITIMER_VIRTUAL (user time) send SIGPROF and
 * SIGVTALRM, with si_code SI_KERNEL, about once per interval of CPU a
 * program spins in user mode (the spin stops after the fifth signal, or 5 s
 * of wall time); they do not fire while it sleeps (getitimer then still
 * shows more than 10 ms of a 20 ms one-shot left); getitimer reads back the
 * interval and the first value, setitimer returns the old value and a zero value disarms. */
#include "common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile int hits, code;

static void on_sig(int s, siginfo_t *si, void *ctx)
{
    (void)s, (void)ctx;
    hits++;
    code = si->si_code;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* spin in user mode until n signals came, or 5 s passed */
static int spin_until(int n)
{
    double end = now() + 5;
    volatile unsigned long x = 0;
    while (hits < n) {
        for (int i = 0; i < 1000000 && hits < n; i++)
            x++;
        if (now() > end)
            return 0;
    }
    return 1;
}

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGPROF, &sa, NULL);
    sigaction(SIGVTALRM, &sa, NULL);
    static const int which[] = {ITIMER_PROF, ITIMER_VIRTUAL};
    static const char *names[] = {"ITIMER_PROF", "ITIMER_VIRTUAL"};
    for (int i = 0; i < 2; i++) {
        struct itimerval it = {{0, 10000}, {0, 10000}}, g, old;
        hits = 0, code = 0;
        SHOW(setitimer(which[i], &it, NULL));
        SHOW(getitimer(which[i], &g));
        /* Linux adds a 4 ms tick to the first expiry: at most 14 ms; not
         * checked from below, as a VM's CPU clock also runs while the host
         * has it descheduled */
        printf("%s: interval %ld us, value in (0, 14] ms: %d\n", names[i],
               (long)g.it_interval.tv_usec,
               g.it_value.tv_sec == 0 && g.it_value.tv_usec > 0 && g.it_value.tv_usec <= 14000);
        int spun = spin_until(5);
        printf("%s: five signals while spinning: %d, si_code SI_KERNEL: %d\n", names[i], spun,
               code == SI_KERNEL);
        struct itimerval z = {{0, 0}, {0, 0}};
        SHOW(setitimer(which[i], &z, &old));
        printf("%s: old interval %ld us\n", names[i], (long)old.it_interval.tv_usec);
        getitimer(which[i], &g);
        printf("%s: disarmed: %ld %ld\n", names[i], (long)g.it_value.tv_usec,
               (long)g.it_interval.tv_usec);

        struct itimerval one = {{0, 0}, {0, 20000}};
        hits = 0;
        setitimer(which[i], &one, NULL);
        struct timespec nap = {0, 100000000};
        nanosleep(&nap, NULL);
        getitimer(which[i], &g);
        printf("%s: fired during a 100 ms sleep: %d, > 10 ms left: %d\n", names[i], hits,
               g.it_value.tv_sec == 0 && g.it_value.tv_usec > 10000);
        printf("%s: fires once spinning: %d\n", names[i], spin_until(1));
        setitimer(which[i], &z, NULL);
    }
    return 0;
}
