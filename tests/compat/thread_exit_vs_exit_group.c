/* thread_exit_vs_exit_group: pthread_exit in main ends only the main
 * thread: the other threads keep running (one joins main and gets its
 * value, the next joins that one, getpid() is unchanged), and the process
 * ends when the last of them calls exit(7): atexit handlers run and the
 * status is 7. */
#include "common.h"
#include <pthread.h>
#include <stdint.h>

static pthread_t main_thr, workers[3];
static pid_t pid;

static void at_exit(void)
{
    printf("atexit handler ran\n");
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    void *v = NULL;
    int r = pthread_join(id == 0 ? main_thr : workers[id - 1], &v);
    printf("worker %d: join %s = %d, value %ld, getpid unchanged %s\n", id, id == 0 ? "main" : "previous", r,
           (long)(intptr_t)v, getpid() == pid ? "yes" : "no");
    if (id == 2) {
        printf("worker 2: exit(7)\n");
        exit(7);
    }
    return (void *)(intptr_t)(100 + id);
}

int main(void)
{
    pid = getpid();
    main_thr = pthread_self();
    atexit(at_exit);
    for (int i = 0; i < 3; i++)
        pthread_create(&workers[i], NULL, worker, (void *)(intptr_t)i);
    printf("main: pthread_exit(21)\n");
    pthread_exit((void *)21);
}
