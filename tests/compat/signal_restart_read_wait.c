/* signal_restart_read_wait: the SA_RESTART rule for calls that Linux
 * restarts (signal(7)): read from an empty pipe, write to a full pipe,
 * wait4 for a running child, and a FUTEX_WAIT.  A helper thread waits
 * until the main thread sleeps in the call (/proc/self/task/TID/stat), sends
 * SIGUSR1 to it five times, 5 ms apart, then
 * completes the call (writes a byte, drains the pipe, lets the child
 * exit, wakes the futex).  With SA_RESTART the handler runs five times and
 * the call returns its normal result; without it the first signal makes it
 * fail with EINTR.  An ignored signal (SIG_IGN) interrupts nothing. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int handled, phase;
static pthread_t main_thread;
static int p[2], q[2];
static pid_t child;
static volatile int fword;

static void on_usr1(int s)
{
    (void)s;
    handled++;
}

static void ms(int n)
{
    struct timespec t = {0, n * 1000000L};
    nanosleep(&t, NULL);
}

/* Wait until the main thread sleeps in its call (its state in
 * /proc/self/task/TID/stat is S), at most 5 s: a loaded host may be slow to
 * get it there, and a signal before the call interrupts nothing. */
static void wait_main_asleep(void)
{
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
    for (int i = 0; i < 5000; i++) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
        if (fd >= 0)
            close(fd);
        char *p = n > 0 ? (buf[n] = 0, strrchr(buf, ')')) : NULL;
        if (p && p[1] == ' ' && p[2] == 'S')
            break;
        ms(1);
    }
    ms(5);
}

/* the helper: five signals, then complete whatever main waits for */
static void *helper(void *arg)
{
    int what = (int)(long)arg;
    wait_main_asleep();
    for (int i = 0; i < 5; i++) {
        pthread_kill(main_thread, SIGUSR1);
        ms(5);
    }
    char c = 'x', buf[65536];
    switch (what) {
    case 0: /* read: give it a byte */
        write(p[1], &c, 1);
        break;
    case 1: /* write: make room in the full pipe */
        read(q[0], buf, sizeof(buf));
        break;
    case 2: /* wait4: let the child go */
        kill(child, SIGTERM);
        break;
    case 3:
        fword = 1;
        syscall(SYS_futex, &fword, 1 /* WAKE */, 1, NULL, NULL, 0);
        break;
    }
    return NULL;
}

static void round_(const char *name, int restart, int what)
{
    struct sigaction sa = {0};
    sa.sa_handler = restart == 2 ? SIG_IGN : on_usr1;
    sa.sa_flags = restart == 1 ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
    handled = 0;
    char c = 0;
    long r = 0;
    if (what == 1) { /* fill the pipe so the next write blocks */
        fcntl(q[1], F_SETFL, O_NONBLOCK);
        char buf[4096] = {0};
        while (write(q[1], buf, sizeof(buf)) > 0)
            ;
        fcntl(q[1], F_SETFL, 0);
    }
    if (what == 2) {
        child = fork();
        if (!child) {
            pause();
            _exit(0);
        }
    }
    fword = 0;
    pthread_t t;
    pthread_create(&t, NULL, helper, (void *)(long)what);
    errno = 0;
    switch (what) {
    case 0:
        r = read(p[0], &c, 1);
        break;
    case 1:
        r = write(q[1], "y", 1);
        break;
    case 2: {
        int st;
        r = waitpid(child, &st, 0) == child ? WTERMSIG(st) : -1;
        break;
    }
    case 3:
        r = syscall(SYS_futex, &fword, 0 /* WAIT */, 0, NULL, NULL, 0);
        break;
    }
    int e = errno;
    pthread_join(t, NULL);
    const char *how = restart == 1 ? "SA_RESTART" : restart == 2 ? "SIG_IGN" : "no SA_RESTART";
    if (r < 0)
        printf("%s, %s: -1 errno %d (%s), handler ran %s\n", name, how, e, strerror(e),
               handled ? "yes" : "no");
    else
        printf("%s, %s: %ld, handler ran %d times\n", name, how, r, handled);
    /* leave no state for the next round */
    if (what == 0 && r < 0)
        read(p[0], &c, 1);
    if (what == 1) {
        fcntl(q[0], F_SETFL, O_NONBLOCK);
        char buf[65536];
        while (read(q[0], buf, sizeof(buf)) > 0)
            ;
        fcntl(q[0], F_SETFL, 0);
    }
    if (what == 2 && r < 0) {
        int st;
        waitpid(child, &st, 0);
    }
}

int main(void)
{
    main_thread = pthread_self();
    pipe(p);
    pipe(q);
    static const char *names[] = {"read of an empty pipe", "write to a full pipe", "wait4",
                                  "FUTEX_WAIT"};
    for (int what = 0; what < 4; what++)
        for (int restart = 0; restart < 3; restart++)
            round_(names[what], restart, what);
    return 0;
}
