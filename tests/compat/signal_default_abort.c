/* signal_default_abort: abort() ends the program with SIGABRT, status
 * 128+6 = 134, even with SIGABRT blocked beforehand (abort unblocks it).
 * Core dumps are turned off so nothing else reports the death. */
#include "common.h"
#include <signal.h>
#include <sys/resource.h>

int main(void)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGABRT);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("before abort()\n");
    abort();
}
