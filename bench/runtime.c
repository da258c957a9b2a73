/* bench/runtime.c: the runtime rows: thread create+join, futex ping-pong
 * between two threads, signal delivery round trip, anonymous page faults
 * (touching argv[2] MiB), mmap+munmap of 1 MiB, clock_gettime through the
 * vDSO (musl finds it at AT_SYSINFO_EHDR) and as a system call.
 *   runtime N MIB      prints "NAME ns_per_op" lines */
#define _GNU_SOURCE
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *nop(void *a)
{
    return a;
}

static atomic_int word;
static int rounds;

static void fwait(int v)
{
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, v, 0, 0, 0);
}

static void fwake(void)
{
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void *ponger(void *a)
{
    for (int i = 0; i < rounds; i++) {
        while (atomic_load(&word) != 1)
            fwait(0);
        atomic_store(&word, 0);
        fwake();
    }
    return a;
}

static volatile int hits;
static void on_usr1(int s)
{
    hits++;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    double t;

    t = now();
    for (int i = 0; i < n / 10 + 1; i++) {
        pthread_t th;
        pthread_create(&th, 0, nop, 0);
        pthread_join(th, 0);
    }
    printf("thread_create_join %.0f\n", (now() - t) / (n / 10 + 1));

    rounds = n;
    pthread_t th;
    pthread_create(&th, 0, ponger, 0);
    t = now();
    for (int i = 0; i < rounds; i++) {
        atomic_store(&word, 1);
        fwake();
        while (atomic_load(&word) != 0)
            fwait(1);
    }
    printf("futex_pingpong %.0f\n", (now() - t) / rounds);
    pthread_join(th, 0);

    signal(SIGUSR1, on_usr1);
    t = now();
    for (int i = 0; i < n; i++)
        raise(SIGUSR1);
    printf("signal_roundtrip %.0f\n", (now() - t) / n);

    size_t pages = (size_t)(argc > 2 ? atoi(argv[2]) : 16) << 8;
    char *p = mmap(0, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    t = now();
    for (size_t i = 0; i < pages; i++)
        p[i * 4096] = 1;
    printf("page_fault %.0f\n", (now() - t) / pages);
    munmap(p, pages * 4096);

    t = now();
    for (int i = 0; i < n; i++) {
        char *m = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        m[0] = 1;
        munmap(m, 1 << 20);
    }
    printf("mmap_munmap_1mib %.0f\n", (now() - t) / n);

    struct timespec ts;
    t = now();
    for (int i = 0; i < n; i++)
        clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("clock_gettime %.0f\n", (now() - t) / n);
    t = now();
    for (int i = 0; i < n; i++)
        syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    printf("clock_gettime_syscall %.0f\n", (now() - t) / n);
    return hits == n ? 0 : 1;
}
