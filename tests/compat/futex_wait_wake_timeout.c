/* futex_wait_wake_timeout: raw futex(2).  WAIT with a stale value is EAGAIN;
 * a 20 ms relative WAIT times out (ETIMEDOUT) no sooner than asked; WAKE
 * with no waiters is 0; WAIT_BITSET takes an absolute CLOCK_MONOTONIC (or,
 * with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME) deadline; bitset 0, a bad
 * timespec, an unaligned address and an unknown op are EINVAL/ENOSYS, NULL
 * is EFAULT; a second thread's WAKE returns 1 and the waiter returns 0;
 * REQUEUE moves two waiters to another word where WAKE finds them;
 * CMP_REQUEUE checks the value (EAGAIN); WAKE_OP applies its operation,
 * compares the old value and wakes on both words; each with and without
 * FUTEX_PRIVATE_FLAG.  Waiters are only counted once they are asleep (the
 * waker retries until WAKE reports them), so no result depends on timing. */
#include "common.h"
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

static long fx(volatile int *uaddr, int op, int val, const void *ts_or_val2, volatile int *uaddr2, int val3)
{
    return syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
}

static long long now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct timespec at(long long ns)
{
    struct timespec t = {ns / 1000000000LL, ns % 1000000000LL};
    return t;
}

static int priv; /* FUTEX_PRIVATE_FLAG or 0, for the current round */
static volatile int w1, w2;
static long waiter_ret[2];
static int waiter_errno[2];

struct wait_arg {
    volatile int *addr;
    int val, idx;
};

static void *waiter(void *p)
{
    struct wait_arg *a = p;
    waiter_ret[a->idx] = fx(a->addr, FUTEX_WAIT | priv, a->val, NULL, NULL, 0);
    waiter_errno[a->idx] = waiter_ret[a->idx] == -1 ? errno : 0;
    return NULL;
}

static void pause_1ms(void)
{
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
}

static void show_waiter(int i)
{
    if (waiter_ret[i] == -1)
        printf("  waiter %d: -1 errno %d (%s)\n", i, waiter_errno[i], strerror(waiter_errno[i]));
    else
        printf("  waiter %d: %ld\n", i, waiter_ret[i]);
}

static void round_of_tests(void)
{
    volatile int word = 5;
    struct timespec rel = {0, 20000000};
    long long t0;

    printf("-- %s\n", priv ? "FUTEX_PRIVATE_FLAG" : "shared");
    errno = 0;
    SHOW(fx(&word, FUTEX_WAIT | priv, 6, NULL, NULL, 0));
    t0 = now(CLOCK_MONOTONIC);
    SHOW(fx(&word, FUTEX_WAIT | priv, 5, &rel, NULL, 0));
    printf("relative wait >= 20ms: %d\n", now(CLOCK_MONOTONIC) - t0 >= 20000000);
    SHOW(fx(&word, FUTEX_WAKE | priv, 1, NULL, NULL, 0));
    SHOW(fx(&word, FUTEX_WAKE | priv, INT_MAX, NULL, NULL, 0));

    long long dl = now(CLOCK_MONOTONIC) + 15000000;
    struct timespec abs = at(dl);
    SHOW(fx(&word, FUTEX_WAIT_BITSET | priv, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY));
    printf("monotonic deadline reached: %d\n", now(CLOCK_MONOTONIC) >= dl);
    dl = now(CLOCK_REALTIME) + 15000000;
    abs = at(dl);
    SHOW(fx(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | priv, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY));
    printf("realtime deadline reached: %d\n", now(CLOCK_REALTIME) >= dl);
    struct timespec past = {0, 0};
    SHOW(fx(&word, FUTEX_WAIT_BITSET | priv, 5, &past, NULL, FUTEX_BITSET_MATCH_ANY));
    SHOW(fx(&word, FUTEX_WAIT_BITSET | priv, 6, &past, NULL, FUTEX_BITSET_MATCH_ANY));
    SHOW(fx(&word, FUTEX_WAIT_BITSET | priv, 5, &abs, NULL, 0));
    SHOW(fx(&word, FUTEX_WAKE_BITSET | priv, 1, NULL, NULL, 0));
    SHOW(fx(&word, FUTEX_WAKE_BITSET | priv, 1, NULL, NULL, 0x10));
    struct timespec bad = {0, 1000000000};
    SHOW(fx(&word, FUTEX_WAIT | priv, 5, &bad, NULL, 0));
    bad.tv_nsec = -1;
    SHOW(fx(&word, FUTEX_WAIT | priv, 5, &bad, NULL, 0));
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    SHOW(fx(&word, FUTEX_WAIT | priv, 5, &bad, NULL, 0));
    SHOW(fx((volatile int *)((char *)&word + 1), FUTEX_WAIT | priv, 5, &rel, NULL, 0));
    SHOW(fx((volatile int *)((char *)&word + 2), FUTEX_WAKE | priv, 1, NULL, NULL, 0));
    SHOW(fx(NULL, FUTEX_WAIT | priv, 0, &rel, NULL, 0));
    SHOW(fx(&word, 99 | priv, 0, NULL, NULL, 0));

    /* another thread wakes a sleeping waiter */
    pthread_t t[2];
    struct wait_arg a0 = {&w1, 0, 0}, a1 = {&w1, 0, 1};
    w1 = 0;
    pthread_create(&t[0], NULL, waiter, &a0);
    long r;
    while ((r = fx(&w1, FUTEX_WAKE | priv, 1, NULL, NULL, 0)) == 0)
        pause_1ms();
    printf("wake of the sleeping thread: %ld\n", r);
    pthread_join(t[0], NULL);
    show_waiter(0);

    /* REQUEUE: two waiters on w1 moved to w2 (none woken), then woken there */
    w1 = 0, w2 = 0;
    pthread_create(&t[0], NULL, waiter, &a0);
    pthread_create(&t[1], NULL, waiter, &a1);
    long moved = 0;
    while (moved < 2) {
        r = fx(&w1, FUTEX_REQUEUE | priv, 0, (void *)(long)INT_MAX, &w2, 0);
        if (r < 0) {
            SHOW(r);
            break;
        }
        moved += r;
        if (moved < 2)
            pause_1ms();
    }
    printf("requeued %ld\n", moved);
    SHOW(fx(&w1, FUTEX_WAKE | priv, INT_MAX, NULL, NULL, 0));
    SHOW(fx(&w2, FUTEX_WAKE | priv, 1, NULL, NULL, 0));
    SHOW(fx(&w2, FUTEX_WAKE | priv, INT_MAX, NULL, NULL, 0));
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    show_waiter(0);
    show_waiter(1);

    /* CMP_REQUEUE: the value check first (EAGAIN), then one woken and one
     * requeued (returns 2), then the requeued one woken on w2 */
    w1 = 3;
    SHOW(fx(&w1, FUTEX_CMP_REQUEUE | priv, 1, (void *)1L, &w2, 4));
    SHOW(fx(&w1, FUTEX_CMP_REQUEUE | priv, 1, (void *)1L, &w2, 3));
    SHOW(fx(&w1, FUTEX_CMP_REQUEUE | priv, -1, (void *)1L, &w2, 3));
    struct wait_arg b0 = {&w1, 3, 0}, b1 = {&w1, 3, 1};
    pthread_create(&t[0], NULL, waiter, &b0);
    pthread_create(&t[1], NULL, waiter, &b1);
    /* wait until both sleep: requeue both to w2 and back, counting */
    moved = 0;
    while (moved < 2) {
        r = fx(&w1, FUTEX_CMP_REQUEUE | priv, 0, (void *)(long)INT_MAX, &w2, 3);
        moved += r > 0 ? r : 0;
        if (moved < 2)
            pause_1ms();
    }
    SHOW(fx(&w2, FUTEX_CMP_REQUEUE | priv, 1, (void *)(long)INT_MAX, &w1, 0));
    SHOW(fx(&w1, FUTEX_WAKE | priv, INT_MAX, NULL, NULL, 0));
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    show_waiter(0);
    show_waiter(1);

    /* WAKE_OP with no waiters: the operation and its result */
    w1 = 0, w2 = 5;
    SHOW(fx(&w1, FUTEX_WAKE_OP | priv, 1, (void *)1L, &w2, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5)));
    printf("w2 after ADD 3: %d\n", w2);
    SHOW(fx(&w1, FUTEX_WAKE_OP | priv, 1, (void *)1L, &w2, FUTEX_OP(FUTEX_OP_OR, 0x30, FUTEX_OP_CMP_GT, 100)));
    printf("w2 after OR 0x30: %d\n", w2);
    SHOW(fx(&w1, FUTEX_WAKE_OP | priv, 1, (void *)1L, &w2,
            FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_NE, 0)));
    printf("w2 after SET 1<<4: %d\n", w2);
    SHOW(fx(&w1, FUTEX_WAKE_OP | priv, 1, (void *)1L, &w2, FUTEX_OP(7, 0, FUTEX_OP_CMP_EQ, 0)));
    printf("w2 after unknown op: %d\n", w2);
    /* WAKE_OP waking a sleeper on the second word (the comparison holds) */
    w2 = 0;
    struct wait_arg c0 = {&w2, 0, 0};
    pthread_create(&t[0], NULL, waiter, &c0);
    while ((r = fx(&w1, FUTEX_WAKE_OP | priv, 1, (void *)1L, &w2,
                   FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0))) == 0)
        pause_1ms();
    printf("wake_op woke %ld\n", r);
    pthread_join(t[0], NULL);
    show_waiter(0);
}

int main(void)
{
    priv = 0;
    round_of_tests();
    priv = FUTEX_PRIVATE_FLAG;
    round_of_tests();

    /* read-only memory: a private WAIT only reads it, WAKE_OP must write it;
     * once unmapped it is EFAULT */
    int *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW(fx(ro, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
    SHOW(fx(ro, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
    SHOW(fx(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, (void *)1L, ro, FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)));
    munmap(ro, 4096);
    SHOW(fx(ro, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0));
    SHOW(fx(ro, FUTEX_WAIT, 0, NULL, NULL, 0));
    return 0;
}
