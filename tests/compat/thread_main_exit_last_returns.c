/* thread_main_exit_last_returns: after main calls pthread_exit, the
 * process lives on in its other thread (which can join main and gets its
 * NULL); when that last thread returns from its start routine the process
 * exits with status 0 and atexit handlers run. */
#include "common.h"
#include <pthread.h>

static pthread_t main_thr;

static void at_exit(void)
{
    printf("atexit handler ran\n");
}

static void *worker(void *arg)
{
    (void)arg;
    void *v = (void *)1;
    int r = pthread_join(main_thr, &v);
    printf("worker: joined main = %d, value %s; returning\n", r, v == NULL ? "NULL" : "not NULL");
    return NULL;
}

int main(void)
{
    pthread_t t;
    main_thr = pthread_self();
    atexit(at_exit);
    pthread_create(&t, NULL, worker, NULL);
    printf("main: pthread_exit(NULL)\n");
    pthread_exit(NULL);
}
