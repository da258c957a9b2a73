/* thread_tls_and_tid: every thread gets its own fresh copy of __thread data
 * (initialized .tdata, zeroed .tbss, even after main changed its own copy);
 * gettid() equals getpid() in main only, threads share getpid()/getppid()
 * and have distinct tids; pthread_join returns (the kernel clears the tid on
 * exit).  Raw clone(2) shows the pieces directly: CLONE_PARENT_SETTID writes
 * the tid before the child runs, CLONE_CHILD_SETTID writes it in the child,
 * CLONE_CHILD_CLEARTID zeroes it and wakes a futex waiter at exit, and
 * set_tid_address moves that clear to a new word and returns the tid. */
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>

#define FUTEX_WAIT 0
#define NT 8

static __thread int tv = 5;
static __thread char tname[16] = "initial";
static __thread long tbss[16];

static pthread_barrier_t bar;
static long tids[NT];
static void *addrs[NT];
static int pid_same[NT], tid_is_pid[NT], ppid_same[NT], fresh[NT], kept[NT];
static pid_t main_pid, main_ppid;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    long z = 0;
    for (int i = 0; i < 16; i++)
        z |= tbss[i];
    fresh[id] = tv == 5 && strcmp(tname, "initial") == 0 && z == 0;
    tids[id] = syscall(SYS_gettid);
    pid_same[id] = getpid() == main_pid;
    ppid_same[id] = getppid() == main_ppid;
    tid_is_pid[id] = tids[id] == getpid();
    addrs[id] = (void *)&tv;
    tv = 100 + id;
    snprintf(tname, sizeof tname, "thread %d", id);
    tbss[15] = id;
    pthread_barrier_wait(&bar); /* all threads alive and written */
    sched_yield();
    pthread_barrier_wait(&bar);
    char want[16];
    snprintf(want, sizeof want, "thread %d", id);
    kept[id] = tv == 100 + id && strcmp(tname, want) == 0 && tbss[15] == id;
    return (void *)(intptr_t)(tv * 2);
}

/* ---- raw clone ---- */
static inline long raw1(long n, long a)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a) : "rcx", "r11", "memory");
    return r;
}

static volatile int ctid_a, ctid_b, word_b = 1, shared_value;
static volatile long child_tid_a, child_tid_b, child_saw_settid, child_sta_ret;

static int child_a(void *arg)
{
    (void)arg;
    child_tid_a = raw1(SYS_gettid, 0);
    shared_value = 42;
    return 0;
}

static int child_b(void *arg)
{
    (void)arg;
    child_tid_b = raw1(SYS_gettid, 0);
    child_saw_settid = ctid_b;
    child_sta_ret = raw1(SYS_set_tid_address, (long)&word_b);
    return 0;
}

static void wait_zero(volatile int *w)
{
    int v;
    while ((v = *w) != 0)
        syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
}

int main(void)
{
    main_pid = getpid();
    main_ppid = getppid();
    long main_tid = syscall(SYS_gettid);
    SAY(main_tid == main_pid);
    tv = 7;
    strcpy(tname, "main");
    tbss[0] = 1;

    pthread_t t[NT];
    pthread_barrier_init(&bar, NULL, NT);
    for (int i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    long rets = 0;
    int joined = 0;
    for (int i = 0; i < NT; i++) {
        void *r;
        if (pthread_join(t[i], &r) == 0)
            joined++;
        rets += (long)(intptr_t)r;
    }
    int all_fresh = 1, all_kept = 1, all_pid = 1, all_ppid = 1, none_tid_pid = 1;
    int distinct_tids = 1, distinct_addrs = 1;
    for (int i = 0; i < NT; i++) {
        all_fresh &= fresh[i];
        all_kept &= kept[i];
        all_pid &= pid_same[i];
        all_ppid &= ppid_same[i];
        none_tid_pid &= !tid_is_pid[i];
        if (tids[i] == main_tid || addrs[i] == (void *)&tv)
            distinct_tids = distinct_addrs = 0;
        for (int j = 0; j < i; j++) {
            if (tids[i] == tids[j])
                distinct_tids = 0;
            if (addrs[i] == addrs[j])
                distinct_addrs = 0;
        }
    }
    printf("joined %d, return values sum %ld\n", joined, rets);
    SAY(all_fresh);
    SAY(all_kept);
    SAY(all_pid);
    SAY(all_ppid);
    SAY(none_tid_pid);
    SAY(distinct_tids);
    SAY(distinct_addrs);
    printf("main after threads: tv %d tname %s tbss[0] %ld tbss[15] %ld\n", tv, tname, tbss[0], tbss[15]);
    SAY(syscall(SYS_gettid) == getpid());

    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
    size_t sz = 64 * 1024;
    char *stk = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    /* A: the parent's ctid word gets the tid before the child can run and is
     * cleared (with a futex wake) when the child exits */
    ctid_a = -1;
    int ra = clone(child_a, stk + sz, flags | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, NULL,
                   &ctid_a, NULL, &ctid_a);
    SAY(ra > 0);
    SAY(ra != main_pid);
    wait_zero(&ctid_a);
    SAY(child_tid_a == ra);
    printf("A: ctid after exit %d, shared value %d\n", ctid_a, shared_value);

    /* B: CLONE_CHILD_SETTID writes the tid in the child; set_tid_address
     * there returns the tid and moves the clear to word_b */
    ctid_b = 0;
    int rb = clone(child_b, stk + sz, flags | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, NULL,
                   NULL, NULL, &ctid_b);
    SAY(rb > 0);
    wait_zero(&word_b);
    SAY(child_tid_b == rb);
    SAY(child_saw_settid == rb);
    SAY(child_sta_ret == rb);
    SAY(ctid_b == rb);
    printf("B: word_b after exit %d\n", word_b);
    return 0;
}
