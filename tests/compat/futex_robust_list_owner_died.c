/* futex_robust_list_owner_died: robust futexes as Linux handles them when a
 * thread exits holding a lock.  A robust pthread mutex locked by a thread
 * that exits: the next lock returns EOWNERDEAD, pthread_mutex_consistent
 * makes it usable, and an unlock without it makes it ENOTRECOVERABLE.  Raw:
 * get_robust_list reports the head libc registered (len 24), set_robust_list
 * with a wrong length is EINVAL, get_robust_list of an unknown tid ESRCH; a
 * thread registers its own list holding two lock words (one with
 * FUTEX_WAITERS set and a sleeper on it, one without) plus one pending
 * operation, and exits through SYS_exit (a bare clone()d thread): the kernel writes
 * FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) into the words that held its tid, wakes the sleeper, and
 * leaves a word owned by another tid alone; a pending operation on a word that is already 0 wakes a
 * waiter there (Linux: the owner died between unlocking and clearing list_op_pending). */
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

struct robust_list {
    struct robust_list *next;
};

struct robust_list_head {
    struct robust_list list;
    long futex_offset;
    struct robust_list *list_op_pending;
};

static pthread_mutex_t m;

static void *lock_and_exit(void *arg)
{
    printf("thread lock: %d\n", pthread_mutex_lock(&m));
    return arg; /* exits holding it */
}

struct lock {
    struct robust_list next;
    uint32_t word;
};

static struct robust_list_head head;
static struct lock l1, l2, l3, lp;
static volatile int registered;

/* Register head (pending op: lp), say so, wait until the main thread sleeps
 * on the lock (it sets registered to 2), then end this thread alone. */
static void register_and_exit(void)
{
    head.futex_offset = offsetof(struct lock, word);
    head.list_op_pending = &lp.next;
    long r = syscall(SYS_set_robust_list, &head, sizeof(head));
    __atomic_store_n(&registered, r == 0 ? 1 : -1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&registered, __ATOMIC_SEQ_CST) != 2)
        usleep(1000);
    usleep(20000);
    syscall(SYS_exit, 0);
}

static int raw_owner(void *arg)
{
    uint32_t tid = syscall(SYS_gettid);
    if (arg) { /* only a pending operation on an unlocked (0) word */
        lp.word = 0;
        head.list.next = &head.list;
        register_and_exit();
    }
    l1.word = tid | FUTEX_WAITERS;
    l2.word = tid;
    l3.word = (tid + 1) & FUTEX_TID_MASK; /* somebody else's */
    lp.word = tid;
    head.list.next = &l1.next;
    l1.next.next = &l2.next;
    l2.next.next = &l3.next;
    l3.next.next = &head.list;
    register_and_exit();
    return 0;
}

int main(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &a);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_exit, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&m);
    printf("lock after the owner died: %d (EOWNERDEAD %d)\n", r, r == EOWNERDEAD);
    printf("consistent: %d\n", pthread_mutex_consistent(&m));
    printf("unlock: %d\n", pthread_mutex_unlock(&m));
    printf("lock again: %d\n", pthread_mutex_lock(&m));
    pthread_mutex_unlock(&m);
    /* the owner dies again; not made consistent this time */
    pthread_create(&t, NULL, lock_and_exit, NULL);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(&m);
    printf("lock: EOWNERDEAD %d\n", r == EOWNERDEAD);
    printf("unlock without consistent: %d\n", pthread_mutex_unlock(&m));
    r = pthread_mutex_lock(&m);
    printf("lock: ENOTRECOVERABLE %d\n", r == ENOTRECOVERABLE);

    /* the raw interface */
    struct robust_list_head *h = NULL;
    size_t len = 0;
    SHOW(syscall(SYS_get_robust_list, 0, &h, &len));
    printf("libc registered a head: %d, len %zu\n", h != NULL, len);
    SHOW(syscall(SYS_set_robust_list, h, len + 1));
    SHOW(syscall(SYS_set_robust_list, h, 0));
    SHOW(syscall(SYS_get_robust_list, 999999, &h, &len));
    SHOW(syscall(SYS_get_robust_list, 0, NULL, &len));

    /* a bare clone()d thread (libc's thread exit would not survive SYS_exit) */
    static char stack[64 * 1024] __attribute__((aligned(16)));
    static volatile int ctid = -1;
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID;
    SAY(clone(raw_owner, stack + sizeof(stack), flags, NULL, &ctid, NULL, &ctid) > 0);
    while (!__atomic_load_n(&registered, __ATOMIC_SEQ_CST))
        usleep(1000);
    printf("thread registered: %d\n", registered);
    uint32_t held = l1.word;
    __atomic_store_n(&registered, 2, __ATOMIC_SEQ_CST);
    long w = syscall(SYS_futex, &l1.word, FUTEX_WAIT, held, NULL, NULL, 0);
    printf("waiter woken: %ld\n", w);
    for (int c; (c = ctid) != 0;)
        syscall(SYS_futex, &ctid, FUTEX_WAIT, c, NULL, NULL, 0);
    printf("l1: owner died %d, waiters %d, tid %d\n", !!(l1.word & FUTEX_OWNER_DIED),
           !!(l1.word & FUTEX_WAITERS), (l1.word & FUTEX_TID_MASK) != 0);
    printf("l2: owner died %d, waiters %d, tid %d\n", !!(l2.word & FUTEX_OWNER_DIED),
           !!(l2.word & FUTEX_WAITERS), (l2.word & FUTEX_TID_MASK) != 0);
    printf("l3 (another owner) untouched: %d\n", !(l3.word & FUTEX_OWNER_DIED) && l3.word != 0);
    printf("pending: owner died %d, tid %d\n", !!(lp.word & FUTEX_OWNER_DIED),
           (lp.word & FUTEX_TID_MASK) != 0);

    /* a pending operation on a word already 0: a waiter there is woken */
    registered = 0;
    ctid = -1;
    SAY(clone(raw_owner, stack + sizeof(stack), flags, (void *)1, &ctid, NULL, &ctid) > 0);
    while (!__atomic_load_n(&registered, __ATOMIC_SEQ_CST))
        usleep(1000);
    __atomic_store_n(&registered, 2, __ATOMIC_SEQ_CST);
    struct timespec two_s = {2, 0}; /* not woken: ETIMEDOUT, not a hang */
    w = syscall(SYS_futex, &lp.word, FUTEX_WAIT, 0, &two_s, NULL, 0);
    printf("waiter on the pending 0 word woken: %ld, word %u\n", w, lp.word);
    for (int c; (c = ctid) != 0;)
        syscall(SYS_futex, &ctid, FUTEX_WAIT, c, NULL, NULL, 0);
    return 0;
}
