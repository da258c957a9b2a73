/* signal_default_usr1: kill(getpid(), SIGUSR1) with the default action
 * terminates the process with status 128+10 = 138, even though the signal
 * was blocked until just before (unblocking delivers it inside sigprocmask). */
#include "common.h"
#include <signal.h>

int main(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("kill(getpid(), SIGUSR1) while blocked = %d\n", kill(getpid(), SIGUSR1));
    printf("still alive, unblocking\n");
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    printf("not reached\n");
    return 0;
}
