/* signal_eintr_vs_restart: a second thread keeps sending SIGUSR1 to the
 * main thread while it blocks, and Linux's rules (signal(7), "Interruption
 * of system calls") decide the outcome.  Always EINTR, SA_RESTART or not:
 * nanosleep (rem filled), clock_nanosleep (returns EINTR; rem untouched for
 * TIMER_ABSTIME), usleep, pause, sigsuspend, poll, select; sleep() returns
 * the seconds left.  FUTEX_WAIT and FUTEX_WAIT_BITSET without a timeout
 * fail with EINTR without SA_RESTART and are restarted with it (they return
 * 0 once woken); a futex wait with a timeout is EINTR even with SA_RESTART.
 * sigsuspend returns -1 EINTR after the handler ran, also for a signal
 * already pending, and restores the mask.  An ignored or blocked signal
 * does not interrupt a sleep.  Only lower bounds depend on time: the sender
 * waits until the main thread is about to block, then repeats its signal
 * every 10 ms until the call returns (sending at least one). */
#include "common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/select.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define LONG_S 3 /* every blocking call asks for this long; interrupted in ~20 ms */

static pthread_t main_thr, sender;
static volatile int in_call, done, once, fword;
static volatile sig_atomic_t handled;
static int send_sig;

static void on_sig(int sig)
{
    (void)sig;
    handled++;
}

static void ms(int n)
{
    struct timespec t = {0, n * 1000000L};
    nanosleep(&t, NULL);
}

/* repeat the signal until the call returned; or (once) send one, let it be
 * handled, then end the futex wait with a wake */
static void *send_loop(void *arg)
{
    (void)arg;
    while (!in_call)
        ms(1);
    ms(20);
    if (once) {
        pthread_kill(main_thr, send_sig);
        while (!handled)
            ms(1);
        ms(20);
        fword = 1;
        syscall(SYS_futex, &fword, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
        return NULL;
    }
    do { /* at least once, even if the call already returned */
        pthread_kill(main_thr, send_sig);
        ms(10);
    } while (!done);
    return NULL;
}

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void begin(int sig, int send_once)
{
    handled = 0, in_call = 0, done = 0, once = send_once, fword = 0, send_sig = sig;
    pthread_create(&sender, NULL, send_loop, NULL);
    in_call = 1;
}

/* the call returned: stop the sender; returns the call's errno */
static int end(void)
{
    int e = errno;
    done = 1;
    pthread_join(sender, NULL);
    return e;
}

static void say(const char *what, long r, int e)
{
    if (r == -1)
        printf("%s = -1 errno %s, handler ran %s\n", what, e == EINTR ? "EINTR" : strerror(e),
               handled ? "yes" : "no");
    else
        printf("%s = %ld, handler ran %s\n", what, r, handled ? "yes" : "no");
}

static long futex_wait(volatile int *w, int op, const struct timespec *ts)
{
    return syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, 0, ts, NULL, op == FUTEX_WAIT_BITSET ? -1 : 0);
}

int main(void)
{
    main_thr = pthread_self();
    long r;
    int e;
    struct timespec req = {LONG_S, 0}, rem;

    for (int restart = 1; restart >= 0; restart--) {
        install(SIGUSR1, on_sig, restart ? SA_RESTART : 0);
        printf("-- %s\n", restart ? "SA_RESTART" : "no SA_RESTART");
        rem.tv_sec = rem.tv_nsec = -1;
        begin(SIGUSR1, 0);
        r = nanosleep(&req, &rem);
        e = end();
        say("nanosleep", r, e);
        printf("  rem in (0, %ds]: %s\n", LONG_S,
               rem.tv_sec >= 0 && (rem.tv_sec > 0 || rem.tv_nsec > 0) && rem.tv_sec * 1000000000LL + rem.tv_nsec <= LONG_S * 1000000000LL ? "yes" : "no");

        begin(SIGUSR1, 0);
        r = syscall(SYS_futex, &fword, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &req, NULL, 0);
        e = end();
        say("futex WAIT with a timeout", r, e);

        if (!restart) {
            begin(SIGUSR1, 0);
            r = futex_wait(&fword, FUTEX_WAIT, NULL);
            e = end();
            say("futex WAIT", r, e);
            begin(SIGUSR1, 0);
            r = futex_wait(&fword, FUTEX_WAIT_BITSET, NULL);
            e = end();
            say("futex WAIT_BITSET", r, e);
        } else {
            /* one signal; the wait restarts and ends with the wake (or sees
             * the new value at once: EAGAIN, never EINTR) */
            begin(SIGUSR1, 1);
            r = futex_wait(&fword, FUTEX_WAIT, NULL);
            e = end();
            printf("futex WAIT: %s, handler ran %d time(s)\n",
                   r == 0 || e == EAGAIN ? "restarted and woken" : e == EINTR ? "EINTR" : strerror(e), (int)handled);
            begin(SIGUSR1, 1);
            r = futex_wait(&fword, FUTEX_WAIT_BITSET, NULL);
            e = end();
            printf("futex WAIT_BITSET: %s, handler ran %d time(s)\n",
                   r == 0 || e == EAGAIN ? "restarted and woken" : e == EINTR ? "EINTR" : strerror(e), (int)handled);
        }
    }

    install(SIGUSR1, on_sig, SA_RESTART);
    printf("-- SA_RESTART, never restarted\n");
    rem.tv_sec = rem.tv_nsec = -1;
    begin(SIGUSR1, 0);
    int cr = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    end();
    printf("clock_nanosleep relative returns %s, rem set %s, handler ran %s\n", cr == EINTR ? "EINTR" : strerror(cr),
           rem.tv_sec >= 0 && rem.tv_sec <= LONG_S ? "yes" : "no", handled ? "yes" : "no");
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += LONG_S;
    rem.tv_sec = 7, rem.tv_nsec = 7;
    begin(SIGUSR1, 0);
    cr = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, &rem);
    end();
    printf("clock_nanosleep absolute returns %s, rem untouched %s\n", cr == EINTR ? "EINTR" : strerror(cr),
           rem.tv_sec == 7 && rem.tv_nsec == 7 ? "yes" : "no");
    begin(SIGUSR1, 0);
    unsigned left = sleep(LONG_S);
    end();
    printf("sleep returns seconds left in [1, %d]: %s\n", LONG_S, left >= 1 && left <= LONG_S ? "yes" : "no");
    begin(SIGUSR1, 0);
    r = usleep(LONG_S * 1000000);
    e = end();
    say("usleep", r, e);
    begin(SIGUSR1, 0);
    r = pause();
    e = end();
    say("pause", r, e);
    begin(SIGUSR1, 0);
    r = poll(NULL, 0, LONG_S * 1000);
    e = end();
    say("poll", r, e);
    struct timeval tv = {LONG_S, 0};
    begin(SIGUSR1, 0);
    r = select(0, NULL, NULL, NULL, &tv);
    e = end();
    say("select", r, e);

    /* sigsuspend: SIGUSR1 blocked until sigsuspend lets it in */
    sigset_t usr1, empty, now;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    begin(SIGUSR1, 0);
    r = sigsuspend(&empty);
    e = end();
    say("sigsuspend", r, e);
    /* the sender may have sent more after it returned: they wait, blocked */
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("  SIGUSR1 blocked again after it: %s\n", sigismember(&now, SIGUSR1) ? "yes" : "no");
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    handled = 0;
    raise(SIGUSR1);
    r = sigsuspend(&empty);
    e = errno;
    printf("sigsuspend with SIGUSR1 already pending = %ld errno %s, handler ran %d time(s)\n", r,
           e == EINTR ? "EINTR" : strerror(e), (int)handled);

    /* blocked: the sleep completes, the signal waits */
    struct timespec short_req = {0, 100000000};
    begin(SIGUSR1, 0);
    r = nanosleep(&short_req, NULL);
    e = end();
    say("nanosleep with SIGUSR1 blocked", r, e);
    handled = 0;
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    printf("  handled once unblocked: %d\n", (int)handled);
    /* ignored: never interrupts */
    install(SIGUSR2, SIG_IGN, 0);
    begin(SIGUSR2, 0);
    r = nanosleep(&short_req, NULL);
    e = end();
    say("nanosleep with SIGUSR2 ignored", r, e);
    return 0;
}
