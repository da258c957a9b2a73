/* signal_default_term_from_thread: a second thread sends SIGTERM to the
 * process (kill) while the main thread sleeps; the default action ends the
 * whole thread group with status 143 and the sleep never returns. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static void *killer(void *arg)
{
    (void)arg;
    struct timespec t = {0, 20000000};
    nanosleep(&t, NULL);
    printf("thread: kill(getpid(), SIGTERM)\n");
    kill(getpid(), SIGTERM);
    for (;;)
        pause();
    return NULL;
}

int main(void)
{
    pthread_t t;
    printf("main: start thread, sleep 5 s\n");
    pthread_create(&t, NULL, killer, NULL);
    struct timespec five = {5, 0};
    nanosleep(&five, NULL);
    printf("not reached\n");
    return 0;
}
