/* signal_sigwait_sigtimedwait: with SIGUSR1/SIGUSR2 blocked and both raised
 * (USR2 first), sigwait returns them lowest number first and consumes them;
 * a standard signal raised twice is there once; sigwaitinfo fills si_signo,
 * si_code and sigqueue's value; queued real-time signals come out in send
 * order; a signal outside the set stays pending; sigtimedwait with nothing
 * pending is EAGAIN after at least its 10 ms timeout (at once for a zero
 * timeout), EINVAL for a bad timespec; a wait sleeps until another thread
 * sends the signal (pthread_kill: SI_TKILL; kill: SI_USER, the process's
 * pid); a handled signal outside the set interrupts it with EINTR (raw
 * rt_sigtimedwait: musl's wrapper retries on EINTR).  glibc's wrappers
 * report the kernel's SI_TKILL as SI_USER; musl passes it through. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static long long now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *code_name(int c)
{
    static char buf[16];
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    }
    snprintf(buf, sizeof buf, "%d", c);
    return buf;
}

static pthread_t main_thr;
static volatile int waiting, handled;
static int how;

static void ms(int n)
{
    struct timespec t = {0, n * 1000000L};
    nanosleep(&t, NULL);
}

static void *sender(void *arg)
{
    (void)arg;
    while (!waiting)
        ms(1);
    ms(20);
    if (how == 0)
        pthread_kill(main_thr, SIGUSR2);
    else if (how == 1)
        kill(getpid(), SIGUSR1);
    else
        pthread_kill(main_thr, SIGHUP); /* handled, not waited for */
    return NULL;
}

static void on_hup(int sig)
{
    (void)sig;
    handled++;
}

int main(void)
{
    main_thr = pthread_self();
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    SHOW(sigprocmask(SIG_BLOCK, &set, NULL));

    raise(SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR1);
    int sig = 0;
    SHOW(sigwait(&set, &sig));
    printf("first: %d (SIGUSR1 %d)\n", sig, SIGUSR1);
    SHOW(sigwait(&set, &sig));
    printf("second: %d (SIGUSR2 %d)\n", sig, SIGUSR2);
    sigpending(&pend);
    printf("pending after: USR1 %d USR2 %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));

    struct timespec zero = {0, 0}, ten = {0, 10000000}, bad = {0, 1000000000};
    long long t0 = now();
    SHOW(sigtimedwait(&set, NULL, &ten));
    printf("waited >= 10ms: %d\n", now() - t0 >= 10000000);
    SHOW(sigtimedwait(&set, NULL, &zero));
    SHOW(sigtimedwait(&set, NULL, &bad));

    siginfo_t si;
    memset(&si, 0, sizeof si);
    raise(SIGUSR2);
    SHOW(sigwaitinfo(&set, &si));
    printf("si_signo %d si_code %s si_pid ok %d\n", si.si_signo, code_name(si.si_code), si.si_pid == getpid());
    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGUSR1, v);
    memset(&si, 0, sizeof si);
    SHOW(sigtimedwait(&set, &si, &zero));
    printf("si_signo %d si_code %s value %d\n", si.si_signo, code_name(si.si_code), si.si_value.sival_int);

    /* real-time signals queue, in send order */
    int rt = SIGRTMIN + 1;
    sigset_t rts;
    sigemptyset(&rts);
    sigaddset(&rts, rt);
    sigprocmask(SIG_BLOCK, &rts, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i * 11;
        sigqueue(getpid(), rt, v);
    }
    printf("rt:");
    for (int i = 0; i < 4; i++) {
        memset(&si, 0, sizeof si);
        int r = sigtimedwait(&rts, &si, &zero);
        if (r == rt)
            printf(" %d", si.si_value.sival_int);
        else
            printf(" %s", r == -1 && errno == EAGAIN ? "EAGAIN" : "?");
    }
    printf("\n");

    /* not in the set: stays pending */
    raise(rt);
    SHOW(sigtimedwait(&set, NULL, &zero));
    sigpending(&pend);
    printf("rt still pending: %d\n", sigismember(&pend, rt));
    SHOW(sigwaitinfo(&rts, NULL) == rt);

    /* from another thread while we sleep in the wait */
    pthread_t t;
    struct timespec long_wait = {2, 0};
    for (how = 0; how < 2; how++) {
        waiting = 0;
        pthread_create(&t, NULL, sender, NULL);
        waiting = 1;
        memset(&si, 0, sizeof si);
        int r = sigtimedwait(&set, &si, &long_wait);
        pthread_join(t, NULL);
        printf("from a thread by %s: %s, si_code %s, si_pid ok %d\n", how ? "kill" : "pthread_kill",
               r == SIGUSR1 ? "SIGUSR1" : r == SIGUSR2 ? "SIGUSR2" : "?", code_name(si.si_code),
               si.si_pid == getpid());
    }

    /* a handled signal outside the set interrupts the wait */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    how = 2;
    waiting = 0;
    pthread_create(&t, NULL, sender, NULL);
    waiting = 1;
    long r = syscall(SYS_rt_sigtimedwait, &set, NULL, &long_wait, 8);
    int e = errno;
    pthread_join(t, NULL);
    printf("interrupted by a handled SIGHUP: %ld errno %s, handled %d\n", r, e == EINTR ? "EINTR" : strerror(e),
           handled);
    return 0;
}
