/* signal_default_ignored: signals whose default action is to ignore
 * (SIGCHLD, SIGWINCH, SIGURG, SIGCONT) do nothing when raised and leave
 * nothing pending, but a blocked one stays pending (blocked signals are
 * never discarded); SIGTERM set to SIG_IGN is dropped too; a blocked
 * SIGTERM left pending does not stop a normal exit, which is status 0. */
#include "common.h"
#include <signal.h>

static int pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

static void block(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

int main(void)
{
    int sigs[] = {SIGCHLD, SIGWINCH, SIGURG, SIGCONT};
    const char *names[] = {"SIGCHLD", "SIGWINCH", "SIGURG", "SIGCONT"};
    int r;
    for (int i = 0; i < 4; i++) {
        r = raise(sigs[i]);
        printf("raise(%s) = %d, still running, pending %d\n", names[i], r, pending(sigs[i]));
    }
    block(SIGCHLD);
    r = raise(SIGCHLD);
    printf("raise(SIGCHLD) blocked = %d, pending %d\n", r, pending(SIGCHLD));
    signal(SIGTERM, SIG_IGN);
    r = raise(SIGTERM);
    printf("raise(SIGTERM) ignored = %d, pending %d\n", r, pending(SIGTERM));
    signal(SIGTERM, SIG_DFL);
    block(SIGTERM);
    r = raise(SIGTERM);
    printf("raise(SIGTERM) blocked = %d, pending %d\n", r, pending(SIGTERM));
    printf("exiting normally\n");
    return 0;
}
