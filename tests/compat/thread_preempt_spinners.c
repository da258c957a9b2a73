/* thread_preempt_spinners: threads that never make a system call share
 * the CPU: three threads spin in user mode (no syscalls, no yields) until
 * the main thread, which sleeps 50 ms in nanosleep, raises a flag; the
 * sleeper wakes on time although they never give up the CPU, and each
 * spinner made progress while the others spun (the scheduler preempts on
 * the timer and takes turns), on any number of CPUs. */
#include "common.h"
#include <pthread.h>
#include <time.h>

static volatile int stop, started;
static volatile unsigned long count[3];

static void *spin(void *arg)
{
    int i = (int)(long)arg;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    while (!stop)
        count[i]++;
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, spin, (void *)i);
    struct timespec a, b, nap = {0, 50000000};
    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    unsigned long snap[3] = {count[0], count[1], count[2]};
    /* a second round: all must move again while the main thread waits */
    nanosleep(&nap, NULL);
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    long long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("started: %d\n", started);
    printf("main woke after 50..1000 ms: %d\n", ms >= 50 && ms < 1000);
    for (int i = 0; i < 3; i++)
        printf("spinner %d ran in both rounds: %d\n", i, snap[i] > 0 && count[i] > snap[i]);
    return 0;
}
