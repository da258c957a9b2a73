/* thread_exit_from_thread: exit(3) called in a second thread ends the
 * whole program with status 3 (exit_group) while the main thread is blocked
 * in pthread_join on a third thread that sleeps forever; atexit handlers
 * run once, in the exiting thread; nothing else prints. */
#include "common.h"
#include <pthread.h>
#include <time.h>

static pthread_t main_thr;
static volatile int main_joining;

static void at_exit(void)
{
    printf("atexit handler ran in the %s thread\n", pthread_equal(pthread_self(), main_thr) ? "main" : "exiting");
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;) {
        struct timespec t = {1, 0};
        nanosleep(&t, NULL);
    }
    return NULL;
}

static void *exiter(void *arg)
{
    (void)arg;
    struct timespec t = {0, 1000000};
    while (!main_joining)
        nanosleep(&t, NULL);
    t.tv_nsec = 20000000; /* let main get into pthread_join */
    nanosleep(&t, NULL);
    printf("exiter: exit(3)\n");
    exit(3);
}

int main(void)
{
    pthread_t s, e;
    main_thr = pthread_self();
    atexit(at_exit);
    pthread_create(&s, NULL, sleeper, NULL);
    pthread_create(&e, NULL, exiter, NULL);
    printf("main: joining the sleeper\n");
    main_joining = 1;
    pthread_join(s, NULL);
    printf("not reached\n");
    return 0;
}
