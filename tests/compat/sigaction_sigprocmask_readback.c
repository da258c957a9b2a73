/* sigaction_sigprocmask_readback: an installed handler, its flags and mask
 * read back through rt_sigaction; SIG_IGN/SIG_DFL too; SIGKILL/SIGSTOP
 * cannot be caught (EINVAL) nor blocked (silently dropped from the mask);
 * rt_sigprocmask block/unblock/setmask return the old mask; a wrong sigset
 * size and a bad how are EINVAL.  No signal is delivered. */
#include "common.h"
#include <signal.h>

static void handler(int sig) { (void)sig; }

static void print_mask(const char *what)
{
    sigset_t s;
    sigprocmask(SIG_SETMASK, NULL, &s);
    printf("%s:", what);
    for (int i = 1; i < 32; i++)
        if (sigismember(&s, i))
            printf(" %d", i);
    printf("\n");
}

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    SHOW(sigaction(SIGUSR1, &sa, NULL));
    memset(&old, 0, sizeof old);
    SHOW(sigaction(SIGUSR1, NULL, &old));
    SAY(old.sa_handler == handler);
    SAY(old.sa_flags & SA_RESTART);
    SAY(sigismember(&old.sa_mask, SIGUSR2) && !sigismember(&old.sa_mask, SIGINT));
    sa.sa_handler = SIG_IGN;
    SHOW(sigaction(SIGUSR1, &sa, &old));
    SAY(old.sa_handler == handler);
    SHOW(sigaction(SIGUSR1, NULL, &old));
    SAY(old.sa_handler == SIG_IGN);
    SHOW(sigaction(SIGTERM, NULL, &old));
    SAY(old.sa_handler == SIG_DFL);
    sa.sa_handler = handler;
    SHOW(sigaction(SIGKILL, &sa, NULL));
    SHOW(sigaction(SIGSTOP, &sa, NULL));
    SHOW(sigaction(SIGKILL, NULL, &old));
    SHOW(sigaction(0, &sa, NULL));
    SHOW(sigaction(65, &sa, NULL));

    sigset_t s, prev;
    print_mask("initial");
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGKILL);
    sigaddset(&s, SIGSTOP);
    SHOW(sigprocmask(SIG_BLOCK, &s, &prev));
    print_mask("after block");
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    SHOW(sigprocmask(SIG_UNBLOCK, &s, &prev));
    printf("prev had SIGINT: %d\n", sigismember(&prev, SIGINT));
    print_mask("after unblock");
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    SHOW(sigprocmask(SIG_SETMASK, &s, NULL));
    print_mask("after setmask");
    SHOW(sigprocmask(99, &s, NULL));
    SHOW(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 4));
    SHOW(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4));
    sigset_t pending;
    SHOW(sigpending(&pending));
    printf("pending SIGHUP: %d\n", sigismember(&pending, SIGHUP));
    return 0;
}
