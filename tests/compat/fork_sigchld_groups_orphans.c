/* fork_sigchld_groups_orphans: SIGCHLD with siginfo, SIG_IGN and
 * SA_NOCLDWAIT auto-reaping, process groups and sessions (setpgid, setsid,
 * getpgid, getsid and their errors), kill of a group with kill(-pgid), and
 * orphans re-parented to a child subreaper. */
#include "common.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static volatile sig_atomic_t chld_count, chld_code, chld_status, chld_pid;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    chld_count++;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid = si->si_pid;
}

static void wait_for_count(int n)
{
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, 0);
    while (chld_count < n)
        sigsuspend(&none);
    sigprocmask(SIG_UNBLOCK, &all, 0);
}

int main(void)
{
    int st;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, 0);

    sigset_t blk;
    sigemptyset(&blk);
    sigaddset(&blk, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blk, 0);
    pid_t c = fork();
    if (c == 0)
        _exit(17);
    sigprocmask(SIG_UNBLOCK, &blk, 0);
    wait_for_count(1);
    printf("SIGCHLD: count %d code %d status %d pid ok %d\n", chld_count, chld_code, chld_status,
           chld_pid == c);
    SAY(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 17);

    c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    kill(c, SIGKILL);
    wait_for_count(2);
    printf("SIGCHLD: code %d status %d\n", chld_code, chld_status);
    waitpid(c, &st, 0);
    printf("killed: %d %d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* SIG_IGN: children vanish by themselves; wait says ECHILD */
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < 3; i++)
        if (fork() == 0)
            _exit(i);
    SHOW(wait(&st));
    /* SA_NOCLDWAIT likewise, and the handler still runs */
    sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, 0);
    chld_count = 0;
    if (fork() == 0)
        _exit(1);
    wait_for_count(1);
    SHOW(wait(&st));
    signal(SIGCHLD, SIG_DFL);

    /* groups: two children in a new group, killed together */
    int ready[2], ready2[2];
    char b;
    pipe(ready);
    pipe(ready2);
    pid_t g1 = fork();
    if (g1 == 0) {
        setpgid(0, 0);
        write(ready[1], "a", 1);
        for (;;)
            pause();
    }
    setpgid(g1, g1);
    read(ready[0], &b, 1);
    pid_t g2 = fork();
    if (g2 == 0) {
        SHOW(setpgid(0, g1));
        SAY(getpgrp() == g1);
        SAY(getpgid(0) == g1);
        fflush(stdout);
        write(ready2[1], "b", 1);
        for (;;)
            pause();
    }
    read(ready2[0], &b, 1);
    SAY(getpgid(g1) == g1);
    SAY(getpgid(g2) == g1);
    SAY(getsid(g1) == getsid(0));
    SHOW(kill(-g1, SIGTERM));
    waitpid(g1, &st, 0);
    printf("g1: %d\n", WTERMSIG(st));
    waitpid(g2, &st, 0);
    printf("g2: %d\n", WTERMSIG(st));
    SHOW(kill(-g1, 0));
    SHOW(kill(-2000000000, SIGTERM));
    SHOW(kill(2000000000, 0));
    SHOW(setpgid(2000000000, 0));
    SHOW(setpgid(0, -1));
    SHOW(getpgid(2000000000));
    SHOW(getsid(2000000000));

    /* setsid in a child: a new session and group; not twice */
    c = fork();
    if (c == 0) {
        pid_t me = getpid();
        SAY(setsid() == me);
        SAY(getsid(0) == me && getpgrp() == me);
        SHOW(setsid());
        SHOW(setpgid(0, 0));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);
    /* a group leader cannot setsid */
    c = fork();
    if (c == 0) {
        setpgid(0, 0);
        SHOW(setsid());
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);

    /* orphans come to the subreaper */
    SHOW(prctl(PR_SET_CHILD_SUBREAPER, 1));
    int v = 0;
    SHOW(prctl(PR_GET_CHILD_SUBREAPER, &v));
    printf("subreaper %d\n", v);
    int p2[2];
    pid_t reaper = getpid();
    pipe(p2);
    c = fork();
    if (c == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            char x;
            close(p2[1]);
            read(p2[0], &x, 1); /* until the parent is gone */
            printf("grandchild: parent is the subreaper: %d\n", getppid() == reaper);
            fflush(stdout);
            _exit(4);
        }
        _exit(0);
    }
    waitpid(c, &st, 0);
    close(p2[0]);
    /* the grandchild is now ours: wait for it */
    write(p2[1], "x", 1);
    pid_t w = wait(&st);
    SAY(w > 0 && w != c);
    printf("grandchild status %d\n", WEXITSTATUS(st));
    SHOW(wait(&st));
    return 0;
}
