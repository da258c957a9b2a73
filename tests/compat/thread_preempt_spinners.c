/* thread_preempt_spinners: threads that never make a system call share
 * the CPU: three threads spin in user mode (no syscalls, no yields) until
 * the main thread, which sleeps 50 ms in nanosleep, raises a flag; the
 * sleeper wakes on time although they never give up the CPU, and then
 * each spinner makes progress while the others spin and main sleeps in 10
 * ms steps (up to 5 s, for a loaded host): the scheduler preempts on the
 * timer and takes turns, on any number of CPUs. */
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
    /* then every spinner must move again while the others spin and main
     * sleeps in 10 ms steps (up to 5 s: a loaded host may be slow to run
     * one of them) */
    unsigned long snap[3] = {count[0], count[1], count[2]};
    int moved = 0;
    nap.tv_nsec = 10000000;
    for (int step = 0; step < 500 && moved != 7; step++) {
        nanosleep(&nap, NULL);
        for (int i = 0; i < 3; i++)
            if (count[i] > snap[i])
                moved |= 1 << i;
    }
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    long long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("started: %d\n", started);
    printf("main woke after 50..1000 ms: %d\n", ms >= 50 && ms < 1000);
    for (int i = 0; i < 3; i++)
        printf("spinner %d ran while the others spun: %d\n", i, moved >> i & 1);
    return 0;
}
