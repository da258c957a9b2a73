/* signal_default_abort_handler_returns: abort() runs a SIGABRT handler
 * that returns, then still ends the program with SIGABRT (status 134):
 * the C library resets the action to SIG_DFL and raises it again. */
#include "common.h"
#include <signal.h>
#include <sys/resource.h>

static void handler(int sig)
{
    static const char msg[] = "SIGABRT handler ran and returns\n";
    (void)sig;
    write(1, msg, sizeof msg - 1);
}

int main(void)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGABRT, &sa, NULL);
    printf("before abort()\n");
    abort();
}
