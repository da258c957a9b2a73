/* fork_stop_continue: stop signals stop a child (SIGSTOP, and SIGTSTP with
 * its default action; a handled SIGTSTP does not), wait4 WUNTRACED and
 * WCONTINUED and waitid WSTOPPED/WCONTINUED report it once, SIGCHLD says
 * CLD_STOPPED and CLD_CONTINUED (not with SA_NOCLDSTOP), a stopped child
 * still dies of SIGKILL, and SIGCONT cancels a pending stop. */
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t codes[8], ncodes;

static void on_chld(int s, siginfo_t *si, void *uc)
{
    if (ncodes < 8)
        codes[ncodes++] = si->si_code;
}

static volatile sig_atomic_t tstp;
static void on_tstp(int s)
{
    tstp++;
}

/* until the SIGCHLD handler has run n times (signals do not queue: each
 * step waits for its notification, or two would merge) */
static void until_codes(int n)
{
    for (int i = 0; i < 500 && ncodes < n; i++)
        usleep(2000);
}

static void describe(const char *what, int st)
{
    if (WIFSTOPPED(st))
        printf("%s: stopped by %d\n", what, WSTOPSIG(st));
    else if (WIFCONTINUED(st))
        printf("%s: continued\n", what);
    else if (WIFSIGNALED(st))
        printf("%s: killed by %d\n", what, WTERMSIG(st));
    else
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

static pid_t spawn_looper(int handle_tstp, int ready)
{
    pid_t c = fork();
    if (c == 0) {
        if (handle_tstp)
            signal(SIGTSTP, on_tstp);
        write(ready, "r", 1);
        for (int i = 0; i < 3000; i++) {
            if (tstp) {
                printf("child handled SIGTSTP\n");
                fflush(stdout);
                _exit(7);
            }
            usleep(10000);
        }
        _exit(1);
    }
    char b;
    read(ready - 1, &b, 1); /* (ready's read end is ready - 1: see main) */
    return c;
}

int main(void)
{
    int st, p[2];
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, 0);
    pipe(p); /* p[1] == p[0] + 1 on a fresh process */

    pid_t c = spawn_looper(0, p[1]);
    SHOW(kill(c, SIGSTOP));
    SAY(waitpid(c, &st, WUNTRACED) == c);
    describe("after SIGSTOP", st);
    until_codes(1);
    SHOW(waitpid(c, &st, WUNTRACED | WNOHANG)); /* reported once */
    SHOW(kill(c, SIGCONT));
    SAY(waitpid(c, &st, WCONTINUED) == c);
    describe("after SIGCONT", st);
    until_codes(2);
    SHOW(kill(c, SIGTSTP));
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    SHOW(waitid(P_PID, c, &si, WSTOPPED));
    printf("waitid: code %d status %d\n", si.si_code, si.si_status);
    until_codes(3);
    SHOW(kill(c, SIGKILL));
    waitpid(c, &st, 0);
    describe("stopped, then SIGKILL", st);
    until_codes(4);
    printf("SIGCHLD codes:");
    for (int i = 0; i < ncodes; i++)
        printf(" %d", codes[i]);
    printf("\n");

    /* a handled SIGTSTP does not stop */
    c = spawn_looper(1, p[1]);
    kill(c, SIGTSTP);
    waitpid(c, &st, WUNTRACED);
    describe("handled SIGTSTP", st);

    /* SA_NOCLDSTOP: no SIGCHLD for stops, still for the end */
    sa.sa_flags |= SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, 0);
    ncodes = 0;
    c = spawn_looper(0, p[1]);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGCONT);
    waitpid(c, &st, WCONTINUED);
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    describe("SA_NOCLDSTOP child", st);
    until_codes(1);
    printf("SIGCHLD codes with SA_NOCLDSTOP:");
    for (int i = 0; i < ncodes; i++)
        printf(" %d", codes[i]);
    printf("\n");
    return 0;
}
