/* thread_mutex_condvar_barrier: the pthread primitives built on futex work
 * across real threads: a bounded buffer with a mutex and two condvars moves
 * every item from 3 producers to 3 consumers exactly once; a barrier of 8
 * threads keeps 200 phases in lock step with one serial thread per phase; an
 * rwlock keeps a writer's two-step update invisible to 4 readers; trylock
 * and tryrdlock/trywrlock see EBUSY across threads; a condvar timed wait
 * times out (ETIMEDOUT) after its deadline. */
#include "common.h"
#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* ---- bounded buffer ---- */
#define NPROD 3
#define NCONS 3
#define ITEMS 4000 /* per producer */
#define CAP 8

static pthread_mutex_t bm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long buf[CAP];
static int head, count, producers_left = NPROD;
static long consumed_sum[NCONS], consumed_n[NCONS];

static void *producer(void *arg)
{
    long base = (long)(intptr_t)arg * 100000;
    for (long i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&bm);
        while (count == CAP)
            pthread_cond_wait(&not_full, &bm);
        buf[(head + count) % CAP] = base + i;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&bm);
    }
    pthread_mutex_lock(&bm);
    producers_left--;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&bm);
    return NULL;
}

static void *consumer(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (;;) {
        pthread_mutex_lock(&bm);
        while (count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &bm);
        if (count == 0) {
            pthread_mutex_unlock(&bm);
            return NULL;
        }
        long v = buf[head];
        head = (head + 1) % CAP;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&bm);
        consumed_sum[id] += v;
        consumed_n[id]++;
    }
}

/* ---- barrier ---- */
#define NBAR 8
#define PHASES 200
static pthread_barrier_t bar;
static int slot[NBAR], mismatches, serials;

static void *barrier_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int p = 0; p < PHASES; p++) {
        slot[id] = p;
        if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_fetch_add(&serials, 1, __ATOMIC_SEQ_CST);
        for (int j = 0; j < NBAR; j++)
            if (__atomic_load_n(&slot[j], __ATOMIC_SEQ_CST) != p)
                __atomic_fetch_add(&mismatches, 1, __ATOMIC_SEQ_CST);
        if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_fetch_add(&serials, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

/* ---- rwlock ---- */
#define NREAD 4
#define WRITES 3000
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
#define READS 3000 /* per reader */
static volatile long ra, rb;
static int torn;

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < READS; i++) {
        pthread_rwlock_rdlock(&rw);
        long a = ra;
        if (i % 64 == 0)
            sched_yield();
        if (rb != a)
            __atomic_fetch_add(&torn, 1, __ATOMIC_SEQ_CST);
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < WRITES; i++) {
        pthread_rwlock_wrlock(&rw);
        ra = ra + 1;
        if (i % 64 == 0)
            sched_yield();
        rb = rb + 1;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

/* ---- try-locks from another thread ---- */
static pthread_mutex_t tm = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t trw = PTHREAD_RWLOCK_INITIALIZER;
static int try_results[4];

static void *try_mutex(void *arg)
{
    (void)arg;
    try_results[0] = pthread_mutex_trylock(&tm);
    return NULL;
}

static void *try_rw(void *arg)
{
    int which = (int)(intptr_t)arg;
    try_results[which] = pthread_rwlock_tryrdlock(&trw);
    if (try_results[which] == 0)
        pthread_rwlock_unlock(&trw);
    try_results[which + 1] = pthread_rwlock_trywrlock(&trw);
    if (try_results[which + 1] == 0)
        pthread_rwlock_unlock(&trw);
    return NULL;
}

static void run1(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    pthread_create(&t, NULL, fn, arg);
    pthread_join(t, NULL);
}

static const char *ename(int e)
{
    return e == 0 ? "0" : e == EBUSY ? "EBUSY" : e == ETIMEDOUT ? "ETIMEDOUT" : strerror(e);
}

int main(void)
{
    pthread_t p[NPROD], c[NCONS];
    for (int i = 0; i < NCONS; i++)
        pthread_create(&c[i], NULL, consumer, (void *)(intptr_t)i);
    for (int i = 0; i < NPROD; i++)
        pthread_create(&p[i], NULL, producer, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < NPROD; i++)
        pthread_join(p[i], NULL);
    for (int i = 0; i < NCONS; i++)
        pthread_join(c[i], NULL);
    long n = 0, sum = 0, expect = 0;
    for (int i = 0; i < NCONS; i++) {
        n += consumed_n[i];
        sum += consumed_sum[i];
    }
    for (long pr = 1; pr <= NPROD; pr++)
        expect += pr * 100000 * ITEMS + (long)ITEMS * (ITEMS + 1) / 2;
    printf("buffer: consumed %ld items (expected %d), sum %ld (expected %ld), left %d\n",
           n, NPROD * ITEMS, sum, expect, count);

    pthread_t b[NBAR];
    SHOW(pthread_barrier_init(&bar, NULL, NBAR));
    for (int i = 0; i < NBAR; i++)
        pthread_create(&b[i], NULL, barrier_worker, (void *)(intptr_t)i);
    for (int i = 0; i < NBAR; i++)
        pthread_join(b[i], NULL);
    printf("barrier: %d phases, mismatches %d, serial threads %d (expected %d)\n",
           PHASES, mismatches, serials, 2 * PHASES);
    SHOW(pthread_barrier_destroy(&bar));

    pthread_t r[NREAD], w;
    for (int i = 0; i < NREAD; i++)
        pthread_create(&r[i], NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    for (int i = 0; i < NREAD; i++)
        pthread_join(r[i], NULL);
    printf("rwlock: a %ld b %ld, torn reads %d\n", ra, rb, torn);

    pthread_mutex_lock(&tm);
    run1(try_mutex, NULL);
    printf("mutex trylock while main holds it: %s\n", ename(try_results[0]));
    pthread_mutex_unlock(&tm);
    run1(try_mutex, NULL);
    printf("mutex trylock after unlock: %s\n", ename(try_results[0]));
    pthread_mutex_unlock(&tm);

    pthread_rwlock_wrlock(&trw);
    run1(try_rw, (void *)(intptr_t)0);
    printf("while main writes: tryrdlock %s, trywrlock %s\n", ename(try_results[0]), ename(try_results[1]));
    pthread_rwlock_unlock(&trw);
    pthread_rwlock_rdlock(&trw);
    run1(try_rw, (void *)(intptr_t)2);
    printf("while main reads: tryrdlock %s, trywrlock %s\n", ename(try_results[2]), ename(try_results[3]));
    pthread_rwlock_unlock(&trw);

    /* condvar timed wait: nobody signals, so it times out after the deadline */
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&cv, &ca);
    struct timespec dl, after;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    dl.tv_nsec += 20000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int e = pthread_cond_timedwait(&cv, &m, &dl);
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("cond_timedwait: %s\n", ename(e));
    int reached = after.tv_sec > dl.tv_sec || (after.tv_sec == dl.tv_sec && after.tv_nsec >= dl.tv_nsec);
    SAY(reached);
    printf("trylock after the timeout (the waiter holds it again): %s\n", ename(pthread_mutex_trylock(&m)));
    pthread_mutex_unlock(&m);
    return 0;
}
