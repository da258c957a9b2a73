/* pid_tid_ppid_relations: in a single-threaded process getpid() equals
 * gettid(), is positive and stable across calls; getppid() differs from it;
 * getpgid(0)/getsid(0) succeed; kill(getpid(), 0) succeeds; set_tid_address
 * returns the tid. */
#include "common.h"
#include <signal.h>

int main(void)
{
    pid_t pid = getpid();
    long tid = syscall(SYS_gettid);
    SAY(pid > 0);
    SAY(pid == tid);
    SAY(getpid() == pid);
    SAY(getppid() != pid);
    SAY(getppid() >= 0);
    SAY(getpgid(0) > 0);
    SAY(getsid(0) >= 0); /* 0 natively when the session leader is outside our pid namespace */
    SAY(syscall(SYS_set_tid_address, NULL) == tid);
    SHOW(kill(pid, 0));
    SHOW(getpgid(-1));
    return 0;
}
