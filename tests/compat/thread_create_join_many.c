/* thread_create_join_many: 1,000 pthreads created over time in batches of
 * 64 (each batch joined before the next starts, so thread stacks and ids
 * are reused); every thread adds its number to an atomic counter and returns
 * a value derived from it; the joined values and the counter sum exactly. */
#include "common.h"
#include <pthread.h>
#include <stdint.h>

#define TOTAL 1000
#define BATCH 64

static long counter;
static int ran;

static void *worker(void *arg)
{
    long i = (long)(intptr_t)arg;
    __atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&ran, 1, __ATOMIC_SEQ_CST);
    return (void *)(intptr_t)(i * 3 + 1);
}

int main(void)
{
    pthread_t t[BATCH];
    pthread_attr_t attr;
    long joined_sum = 0, expect_counter = 0, expect_sum = 0;
    int created = 0, create_errors = 0, join_errors = 0, batches = 0;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 128 * 1024);
    while (created < TOTAL) {
        int n = TOTAL - created < BATCH ? TOTAL - created : BATCH;
        for (int k = 0; k < n; k++) {
            long i = created + k;
            if (pthread_create(&t[k], k % 2 ? &attr : NULL, worker, (void *)(intptr_t)i))
                create_errors++;
            expect_counter += i;
            expect_sum += i * 3 + 1;
        }
        for (int k = 0; k < n; k++) {
            void *ret;
            if (pthread_join(t[k], &ret))
                join_errors++;
            else
                joined_sum += (long)(intptr_t)ret;
        }
        created += n;
        batches++;
    }
    printf("batches %d, created %d, ran %d\n", batches, created, ran);
    printf("create errors %d, join errors %d\n", create_errors, join_errors);
    printf("counter %ld (expected %ld)\n", counter, expect_counter);
    printf("joined sum %ld (expected %ld)\n", joined_sum, expect_sum);

    /* a detached thread and a joinable one alive at the same time */
    pthread_t d;
    pthread_attr_t det;
    pthread_attr_init(&det);
    pthread_attr_setdetachstate(&det, PTHREAD_CREATE_DETACHED);
    SHOW(pthread_create(&d, &det, worker, (void *)(intptr_t)5));
    while (__atomic_load_n(&ran, __ATOMIC_SEQ_CST) != TOTAL + 1)
        sched_yield();
    printf("detached thread ran: counter %ld\n", counter);
    return 0;
}
