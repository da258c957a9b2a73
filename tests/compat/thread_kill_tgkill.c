/* thread_kill_tgkill: pthread_kill and raw tgkill direct a signal at one
 * thread, and its handler runs in that thread (gettid() there is the
 * target's tid) whatever it is doing: sleeping in nanosleep, waiting on a
 * futex, in sigsuspend, or spinning in user mode.  New threads inherit the
 * creator's signal mask; kill() to the process goes to the one thread that
 * does not block the signal; a signal sent to a thread that blocks it is
 * pending in that thread only (sigpending there, not in main) until it
 * takes it with sigtimedwait.  tgkill with a bad tgid/tid/signal is
 * EINVAL, with an exited tid ESRCH; signal 0 probes. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define NT 4

static __thread int my_idx = -1;
static long tids[NT];
static volatile int ready[NT], inherited[NT], hits[NT], main_hits, usr2_idx = -9;
static volatile long seen_tid[NT];
static volatile int stop, fword, cmd, pend0, got0, main_pend0;

static long gettid_(void)
{
    return syscall(SYS_gettid);
}

static void handler(int sig)
{
    int saved = errno;
    int i = my_idx;
    if (sig == SIGUSR2)
        usr2_idx = i;
    else if (i < 0)
        main_hits++;
    else {
        seen_tid[i] = gettid_();
        hits[i]++;
    }
    errno = saved;
}

static void ms(int n)
{
    struct timespec t = {0, n * 1000000L};
    nanosleep(&t, NULL);
}

static void *worker(void *arg)
{
    int i = (int)(intptr_t)arg;
    sigset_t cur, empty, hup;
    my_idx = i;
    tids[i] = gettid_();
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    inherited[i] = sigismember(&cur, SIGUSR2) && sigismember(&cur, SIGHUP);
    if (i == 2) {
        sigset_t u2;
        sigemptyset(&u2);
        sigaddset(&u2, SIGUSR2);
        pthread_sigmask(SIG_UNBLOCK, &u2, NULL);
    }
    sigemptyset(&empty);
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    ready[i] = 1;
    while (!stop) {
        switch (i) {
        case 0: /* sleeps; also answers the pending-signal question */
            ms(2);
            if (cmd == 1) {
                sigset_t p;
                struct timespec zero = {0, 0};
                siginfo_t si;
                sigpending(&p);
                pend0 = sigismember(&p, SIGHUP);
                got0 = sigtimedwait(&hup, &si, &zero);
                cmd = 2;
            }
            break;
        case 1: /* futex wait (EINTR when the handler runs) */
            syscall(SYS_futex, &fword, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
            break;
        case 2: /* sigsuspend with nothing blocked */
            sigsuspend(&empty);
            break;
        case 3: /* spins in user mode */
            for (volatile int k = 0; k < 100000 && !stop; k++)
                ;
            break;
        }
    }
    return NULL;
}

/* wait (up to ~10 s) for a counter to reach n */
static int wait_for(volatile int *c, int n)
{
    for (int k = 0; k < 10000 && *c < n; k++)
        ms(1);
    return *c >= n;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigaddset(&s, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s, NULL);

    pthread_t t[NT];
    for (int i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < NT; i++)
        while (!ready[i])
            ms(1);
    for (int i = 0; i < NT; i++)
        printf("thread %d inherited the mask: %s\n", i, inherited[i] ? "yes" : "no");

    const char *doing[NT] = {"nanosleep", "futex wait", "sigsuspend", "spinning"};
    for (int i = 0; i < NT; i++) {
        int r = pthread_kill(t[i], SIGUSR1);
        int ok = wait_for(&hits[i], 1);
        printf("pthread_kill thread %d (%s) = %d: handled %s, in that thread %s\n", i, doing[i], r,
               ok ? "yes" : "no", seen_tid[i] == tids[i] ? "yes" : "no");
    }
    for (int i = 0; i < NT; i++) {
        seen_tid[i] = 0;
        long r = syscall(SYS_tgkill, getpid(), tids[i], SIGUSR1);
        int ok = wait_for(&hits[i], 2);
        printf("tgkill thread %d = %ld: handled %s, in that thread %s\n", i, r, ok ? "yes" : "no",
               seen_tid[i] == tids[i] ? "yes" : "no");
    }
    int r = pthread_kill(pthread_self(), SIGUSR1);
    printf("pthread_kill main = %d: handled in main %d time(s)\n", r, main_hits);
    int others = 0;
    for (int i = 0; i < NT; i++)
        others += hits[i];
    printf("handler runs in the threads: %d (expected %d)\n", others, 2 * NT);

    SHOW(kill(getpid(), SIGUSR2));
    for (int k = 0; k < 10000 && usr2_idx == -9; k++)
        ms(1);
    printf("process-directed SIGUSR2 handled by thread %d (the only one not blocking it)\n", usr2_idx);

    SHOW(pthread_kill(t[0], SIGHUP));
    sigset_t p;
    sigpending(&p);
    main_pend0 = sigismember(&p, SIGHUP);
    cmd = 1;
    while (cmd != 2)
        ms(1);
    printf("SIGHUP pending in thread 0 %d, in main %d; thread 0 took it: %s\n", pend0, main_pend0,
           got0 == SIGHUP ? "yes" : "no");

    SHOW(pthread_kill(t[3], 0));
    SHOW(syscall(SYS_tgkill, getpid(), tids[3], 0));
    SHOW(syscall(SYS_tgkill, 0, tids[3], SIGUSR1));
    SHOW(syscall(SYS_tgkill, getpid(), 0, SIGUSR1));
    SHOW(syscall(SYS_tgkill, getpid(), tids[3], 65));

    stop = 1;
    fword = 1;
    syscall(SYS_futex, &fword, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
    pthread_kill(t[2], SIGUSR1); /* out of sigsuspend */
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    /* the tid is cleared (and join returns) a moment before the kernel
     * forgets the thread: allow that moment (signal 0 only probes) */
    long rr = 0;
    for (int k = 0; k < 1000 && (rr = syscall(SYS_tgkill, getpid(), tids[3], 0)) == 0; k++)
        ms(1);
    printf("tgkill to an exited thread: %s\n", rr == -1 && errno == ESRCH ? "ESRCH" : "still there");
    SHOW(syscall(SYS_tgkill, getpid(), tids[3], SIGUSR1));
    SHOW(syscall(SYS_tkill, tids[3], SIGUSR1));
    return 0;
}
