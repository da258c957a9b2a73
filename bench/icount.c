/* bench/icount.c: guest instructions per operation, for the kiln vs Linux
 * table of bench/icount/run (issue 8, DESIGN.md §10).
 *
 *   icount [-n N] [-d DIR] [-x HELLO] [ROW...]
 *
 * Under QEMU TCG with -icount shift=0,sleep=off the TSC advances one per
 * guest instruction (plus any idle time QEMU skips, which none of these
 * operations has: something is always runnable), so the rdtsc difference
 * around N operations over N is instructions per operation, the kernel's
 * and the program's, after a warm-up run of N/10.  Prints "ROW VALUE" for each row asked for (all by
 * default), or "ROW n/a REASON" when an operation fails, then
 * "main_end TSC" just before main returns.  With bench/icount/plugin.c
 * loaded, the marks at the start and end of main give the instructions
 * from reset to main and from main's end to the VM's exit.  DIR (default /tmp) holds the
 * files and directories the file rows make; HELLO (default /hello) is the
 * static program the execve row runs.  Outside QEMU the numbers are TSC
 * ticks, which is only good for checking that the program runs.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long n = 200;
static const char *dir = "/tmp";
static const char *hello = "/hello";
static char reason[1024];

/* <linux/futex.h> is not in musl-gcc's include path */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

/* A NOP that bench/icount/plugin.c recognises: instructions since reset
 * are recorded when it runs (mark 1: start of main, 2: end of main). */
#define MARK(id) __asm__ volatile("nopl 0x4b4c4e0" #id "(%%rax)" ::: "memory")

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Record why a row failed; rows return -1 after calling it. */
static int fail(const char *what)
{
    snprintf(reason, sizeof reason, "%s: %s", what, strerror(errno));
    return -1;
}

/* Each row runs its operation n times between *t0 and *t1 (set with
 * rdtsc()) and returns 0, or -1 after fail().  Set-up and tear-down stay
 * outside the two readings. */

static int row_getppid(uint64_t *t0, uint64_t *t1)
{
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    *t1 = rdtsc();
    return 0;
}

static int row_clock_gettime(uint64_t *t0, uint64_t *t1)
{
    struct timespec ts;
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        clock_gettime(CLOCK_MONOTONIC, &ts);
    *t1 = rdtsc();
    return 0;
}

static int rw_dev(const char *path, int wr, uint64_t *t0, uint64_t *t1)
{
    char c = 0;
    int fd = open(path, wr ? O_WRONLY : O_RDONLY);
    if (fd < 0)
        return fail(path);
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if ((wr ? write(fd, &c, 1) : read(fd, &c, 1)) != 1) {
            close(fd);
            return fail(wr ? "write" : "read");
        }
    *t1 = rdtsc();
    close(fd);
    return 0;
}

static int row_read_devzero(uint64_t *t0, uint64_t *t1)
{
    return rw_dev("/dev/zero", 0, t0, t1);
}

static int row_write_devnull(uint64_t *t0, uint64_t *t1)
{
    return rw_dev("/dev/null", 1, t0, t1);
}

static int row_page_fault(uint64_t *t0, uint64_t *t1)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, n * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return fail("mmap");
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        p[i * pg] = 1;
    *t1 = rdtsc();
    munmap(p, n * pg);
    return 0;
}

/* one trap per page: pages 64 KiB apart, so no fault-around (kiln maps
 * the aligned 64 KiB block around an anonymous fault) serves two of them */
static int row_page_fault_sparse(uint64_t *t0, uint64_t *t1)
{
    const long stride = 64 << 10;
    char *p = mmap(NULL, n * stride, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return fail("mmap");
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        p[i * stride] = 1;
    *t1 = rdtsc();
    munmap(p, n * stride);
    return 0;
}

static int row_mmap_munmap_1mib(uint64_t *t0, uint64_t *t1)
{
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return fail("mmap");
        munmap(p, 1 << 20);
    }
    *t1 = rdtsc();
    return 0;
}

/* brk grown by one page per call (the raw system call: libc brk/sbrk
 * wrappers differ, musl's refuses) */
static int row_brk_grow(uint64_t *t0, uint64_t *t1)
{
    long pg = sysconf(_SC_PAGESIZE);
    uintptr_t b0 = syscall(SYS_brk, 0), b = b0;
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        b += pg;
        if ((uintptr_t)syscall(SYS_brk, b) != b) {
            errno = ENOMEM;
            return fail("brk");
        }
    }
    *t1 = rdtsc();
    syscall(SYS_brk, b0);
    return 0;
}

/* pipe ping-pong: the peer reads a byte from a[0] and answers on b[1] */
static int ping_a[2], ping_b[2];

static void pong_loop(void)
{
    char c;
    for (long i = 0; i < n; i++)
        if (read(ping_a[0], &c, 1) != 1 || write(ping_b[1], &c, 1) != 1)
            break;
}

static void *pong_thread(void *arg)
{
    (void)arg;
    pong_loop();
    return NULL;
}

static int ping_loop(uint64_t *t0, uint64_t *t1)
{
    char c = 'x';
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if (write(ping_a[1], &c, 1) != 1 || read(ping_b[0], &c, 1) != 1)
            return fail("pipe round trip");
    *t1 = rdtsc();
    return 0;
}

static void close_pipes(void)
{
    close(ping_a[0]), close(ping_a[1]), close(ping_b[0]), close(ping_b[1]);
}

static int row_pipe_threads(uint64_t *t0, uint64_t *t1)
{
    pthread_t t;
    if (pipe(ping_a) < 0 || pipe(ping_b) < 0)
        return fail("pipe");
    if ((errno = pthread_create(&t, NULL, pong_thread, NULL)) != 0) {
        close_pipes();
        return fail("pthread_create");
    }
    int rc = ping_loop(t0, t1);
    close(ping_a[1]); /* a peer stuck in read sees end of file */
    pthread_join(t, NULL);
    close(ping_a[0]), close(ping_b[0]), close(ping_b[1]);
    return rc;
}

static int row_pipe_processes(uint64_t *t0, uint64_t *t1)
{
    if (pipe(ping_a) < 0 || pipe(ping_b) < 0)
        return fail("pipe");
    pid_t pid = fork();
    if (pid < 0) {
        close_pipes();
        return fail("fork");
    }
    if (pid == 0) {
        close(ping_a[1]), close(ping_b[0]);
        pong_loop();
        _exit(0);
    }
    int rc = ping_loop(t0, t1);
    close_pipes();
    waitpid(pid, NULL, 0);
    return rc;
}

/* futex ping-pong: word goes 0 -> 1 (main wakes the peer) -> 0 (the peer
 * wakes main); one round trip is two wake/wait pairs */
static _Atomic int fword;

static void fwait(int val)
{
    while (fword == val)
        syscall(SYS_futex, &fword, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void fset(int val)
{
    fword = val;
    syscall(SYS_futex, &fword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *futex_peer(void *arg)
{
    (void)arg;
    for (long i = 0; i < n; i++) {
        fwait(0);
        fset(0);
    }
    return NULL;
}

static int row_futex_pair(uint64_t *t0, uint64_t *t1)
{
    pthread_t t;
    fword = 0;
    if ((errno = pthread_create(&t, NULL, futex_peer, NULL)) != 0)
        return fail("pthread_create");
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        fset(1);
        fwait(1);
    }
    *t1 = rdtsc();
    pthread_join(t, NULL);
    return 0;
}

static int row_sched_yield(uint64_t *t0, uint64_t *t1)
{
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        sched_yield();
    *t1 = rdtsc();
    return 0;
}

static int row_fork_exit_wait(uint64_t *t0, uint64_t *t1)
{
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return fail("fork");
        if (pid == 0)
            _exit(0);
        if (waitpid(pid, NULL, 0) != pid)
            return fail("waitpid");
    }
    *t1 = rdtsc();
    return 0;
}

/* fork + execve of a static hello (its output to /dev/null) + wait */
static int row_execve_hello(uint64_t *t0, uint64_t *t1)
{
    char *argv[] = {(char *)hello, NULL}, *envp[] = {NULL};
    int st, null = open("/dev/null", O_WRONLY);
    if (null < 0)
        return fail("/dev/null");
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            close(null);
            return fail("fork");
        }
        if (pid == 0) {
            dup2(null, 1);
            execve(hello, argv, envp);
            _exit(127);
        }
        if (waitpid(pid, &st, 0) != pid) {
            close(null);
            return fail("waitpid");
        }
        if (st != 0) {
            close(null);
            snprintf(reason, sizeof reason, "%s: wait status %#x (127: execve failed)", hello, st);
            return -1;
        }
    }
    *t1 = rdtsc();
    close(null);
    return 0;
}

static void *nothing(void *arg)
{
    return arg;
}

static int row_thread_create_join(uint64_t *t0, uint64_t *t1)
{
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        if ((errno = pthread_create(&t, NULL, nothing, NULL)) != 0)
            return fail("pthread_create");
        pthread_join(t, NULL);
    }
    *t1 = rdtsc();
    return 0;
}

/* DIR/icount.dat, 4 KiB of data; returns an fd open O_RDWR or -1 */
static int data_file(void)
{
    char path[512], buf[4096];
    snprintf(path, sizeof path, "%s/icount.dat", dir);
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    if (fd < 0)
        return fail(path);
    memset(buf, 'k', sizeof buf);
    if (pwrite(fd, buf, sizeof buf, 0) != sizeof buf) {
        close(fd);
        return fail("pwrite");
    }
    return fd;
}

static int row_open_fstat_close(uint64_t *t0, uint64_t *t1)
{
    char path[512];
    struct stat st;
    int fd = data_file();
    if (fd < 0)
        return -1;
    close(fd);
    snprintf(path, sizeof path, "%s/icount.dat", dir);
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        if ((fd = open(path, O_RDONLY)) < 0)
            return fail("open");
        fstat(fd, &st);
        close(fd);
    }
    *t1 = rdtsc();
    return 0;
}

static int file_rw(int wr, uint64_t *t0, uint64_t *t1)
{
    char buf[4096];
    int fd = data_file();
    if (fd < 0)
        return -1;
    memset(buf, 'w', sizeof buf);
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if ((wr ? pwrite(fd, buf, sizeof buf, 0) : pread(fd, buf, sizeof buf, 0)) != sizeof buf) {
            close(fd);
            return fail(wr ? "pwrite" : "pread");
        }
    *t1 = rdtsc();
    close(fd);
    return 0;
}

static int row_file_read_4k(uint64_t *t0, uint64_t *t1)
{
    return file_rw(0, t0, t1);
}

static int row_file_write_4k(uint64_t *t0, uint64_t *t1)
{
    return file_rw(1, t0, t1);
}

/* one operation: open DIR/icount.d (1,000 empty files), getdents64 to the
 * end with a 32 KiB buffer, close */
static int row_getdents64_1000(uint64_t *t0, uint64_t *t1)
{
    char path[512], f[600];
    static char buf[32768];
    snprintf(path, sizeof path, "%s/icount.d", dir);
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        return fail(path);
    for (int i = 0; i < 1000; i++) {
        snprintf(f, sizeof f, "%s/f%04d", path, i);
        int fd = open(f, O_WRONLY | O_CREAT, 0644);
        if (fd < 0)
            return fail(f);
        close(fd);
    }
    long ents = 0;
    *t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        int fd = open(path, O_RDONLY | O_DIRECTORY);
        if (fd < 0)
            return fail("open dir");
        long r;
        while ((r = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
            ents += r;
        close(fd);
        if (r < 0)
            return fail("getdents64");
    }
    *t1 = rdtsc();
    return 0;
}

/* TCP on 127.0.0.1: a server thread accepting connections and echoing
 * what each sends until it closes */
static struct sockaddr_in lo_addr;
static int lfd = -1;

static void *echo_server(void *arg)
{
    static char buf[4096];
    long conns = (long)arg;
    for (long i = 0; i < conns; i++) {
        int c = accept(lfd, NULL, NULL);
        if (c < 0)
            return NULL;
        ssize_t r;
        while ((r = recv(c, buf, sizeof buf, 0)) > 0)
            if (send(c, buf, r, 0) != r)
                break;
        close(c);
    }
    return NULL;
}

/* Listen on an ephemeral loopback port and start the echo server for conns
 * connections.  Returns 0 or -1 after fail(). */
static int tcp_start(pthread_t *t, long conns)
{
    socklen_t len = sizeof lo_addr;
    memset(&lo_addr, 0, sizeof lo_addr);
    lo_addr.sin_family = AF_INET;
    lo_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        return fail("socket");
    if (bind(lfd, (struct sockaddr *)&lo_addr, sizeof lo_addr) < 0 || listen(lfd, 16) < 0 ||
        getsockname(lfd, (struct sockaddr *)&lo_addr, &len) < 0) {
        fail("bind/listen");
        close(lfd);
        return -1;
    }
    if ((errno = pthread_create(t, NULL, echo_server, (void *)conns)) != 0) {
        fail("pthread_create");
        close(lfd);
        return -1;
    }
    return 0;
}

/* recv exactly len bytes.  Returns 0 or -1. */
static int recv_all(int fd, char *p, size_t len)
{
    while (len > 0) {
        ssize_t r = recv(fd, p, len, 0);
        if (r <= 0)
            return -1;
        p += r, len -= r;
    }
    return 0;
}

static int tcp_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&lo_addr, sizeof lo_addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int row_tcp_connect_close(uint64_t *t0, uint64_t *t1)
{
    pthread_t t;
    char c = 'x';
    int rc = 0;
    if (tcp_start(&t, n) < 0)
        return -1;
    *t0 = rdtsc();
    for (long i = 0; i < n && rc == 0; i++) {
        int fd = tcp_connect();
        if (fd < 0)
            rc = fail("connect");
        else if (send(fd, &c, 1, 0) != 1 || recv_all(fd, &c, 1) < 0)
            rc = fail("send/recv");
        if (fd >= 0)
            close(fd);
    }
    *t1 = rdtsc();
    if (rc < 0)
        shutdown(lfd, SHUT_RDWR);
    pthread_join(t, NULL);
    close(lfd);
    return rc;
}

static int row_tcp_echo_1k(uint64_t *t0, uint64_t *t1)
{
    pthread_t t;
    char buf[1024];
    int rc = 0, fd;
    if (tcp_start(&t, 1) < 0)
        return -1;
    if ((fd = tcp_connect()) < 0) {
        rc = fail("connect");
        shutdown(lfd, SHUT_RDWR);
        goto out;
    }
    memset(buf, 'e', sizeof buf);
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if (send(fd, buf, sizeof buf, 0) != sizeof buf || recv_all(fd, buf, sizeof buf) < 0) {
            rc = fail("send/recv");
            break;
        }
    *t1 = rdtsc();
    close(fd);
out:
    pthread_join(t, NULL);
    close(lfd);
    return rc;
}

/* one operation: a 64-byte datagram sent to a socket on 127.0.0.1 and
 * received there, in one thread */
static int row_udp_send_recv(uint64_t *t0, uint64_t *t1)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    char buf[64];
    int rc = 0, s = socket(AF_INET, SOCK_DGRAM, 0), r = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || r < 0 || bind(r, (struct sockaddr *)&a, sizeof a) < 0 ||
        getsockname(r, (struct sockaddr *)&a, &len) < 0) {
        rc = fail("udp socket");
        goto out;
    }
    memset(buf, 'u', sizeof buf);
    *t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if (sendto(s, buf, sizeof buf, 0, (struct sockaddr *)&a, sizeof a) != sizeof buf ||
            recv(r, buf, sizeof buf, 0) != sizeof buf) {
            rc = fail("sendto/recv");
            break;
        }
    *t1 = rdtsc();
out:
    if (s >= 0)
        close(s);
    if (r >= 0)
        close(r);
    return rc;
}

static const struct row {
    const char *name;
    int (*fn)(uint64_t *t0, uint64_t *t1);
    int div; /* iterations run are n / div (the slow rows) */
} rows[] = {
    {"null_syscall", row_getppid, 1},
    {"clock_gettime", row_clock_gettime, 1},
    {"read_devzero_1", row_read_devzero, 1},
    {"write_devnull_1", row_write_devnull, 1},
    {"page_fault", row_page_fault, 1},
    {"page_fault_sparse", row_page_fault_sparse, 1},
    {"mmap_munmap_1mib", row_mmap_munmap_1mib, 1},
    {"brk_grow_4k", row_brk_grow, 1},
    {"pipe_rt_threads", row_pipe_threads, 1},
    {"pipe_rt_processes", row_pipe_processes, 1},
    {"futex_rt", row_futex_pair, 1},
    {"sched_yield", row_sched_yield, 1},
    {"fork_exit_wait", row_fork_exit_wait, 10},
    {"fork_execve_wait", row_execve_hello, 10},
    {"thread_create_join", row_thread_create_join, 4},
    {"open_fstat_close", row_open_fstat_close, 1},
    {"file_read_4k", row_file_read_4k, 1},
    {"file_write_4k", row_file_write_4k, 1},
    {"getdents64_1000", row_getdents64_1000, 10},
    {"tcp_connect_close", row_tcp_connect_close, 4},
    {"tcp_echo_1k", row_tcp_echo_1k, 1},
    {"udp_send_recv", row_udp_send_recv, 1},
};

/* Run a row once untimed with a tenth of its iterations (first-use costs:
 * caches, slabs, page tables, a cold route), then timed. */
static void run_row(const struct row *r)
{
    long all = n, k = all / r->div > 0 ? all / r->div : 1;
    uint64_t t0 = 0, t1 = 0;
    n = k / 10 > 0 ? k / 10 : 1;
    reason[0] = 0;
    int rc = r->fn(&t0, &t1);
    n = k;
    if (rc == 0)
        rc = r->fn(&t0, &t1);
    if (rc == 0)
        printf("%s %.1f\n", r->name, (double)(t1 - t0) / n);
    else
        printf("%s n/a %s\n", r->name, reason);
    fflush(stdout);
    n = all;
}

int main(int argc, char **argv)
{
    int o, any = 0;
    MARK(1);
    while ((o = getopt(argc, argv, "n:d:x:")) != -1) {
        if (o == 'n')
            n = atol(optarg) > 0 ? atol(optarg) : 1;
        else if (o == 'd')
            dir = optarg;
        else if (o == 'x')
            hello = optarg;
        else {
            fprintf(stderr, "usage: icount [-n N] [-d DIR] [-x HELLO] [ROW...]\n");
            return 2;
        }
    }
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int want = optind == argc;
        for (int a = optind; a < argc; a++)
            want |= strcmp(argv[a], rows[i].name) == 0;
        if (want) {
            run_row(&rows[i]);
            any = 1;
        }
    }
    if (!any) {
        fprintf(stderr, "icount: no such row\n");
        return 2;
    }
    printf("main_end %llu\n", (unsigned long long)rdtsc());
    fflush(stdout);
    MARK(2);
    return 0;
}
