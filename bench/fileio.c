/* bench/fileio.c: file and I/O costs, printed as "name value" lines for bench/run.
 *
 *   fileio MIB NFILES ROUNDS
 *
 * seq_write_mibs / seq_read_mibs: MIB MiB written to ./fileio.dat in 1 MiB
 * writes, then read back (MiB/s).  small_create_ns / small_stat_ns /
 * small_unlink_ns: NFILES empty files in ./fileio.d (ns per file).
 * pipe_mibs: 4 * MIB MiB through a pipe from a thread, 64 KiB writes.
 * pipe_pingpong_ns: ROUNDS one-byte round trips between two threads.
 * epoll_idle_ns: epoll_wait on 1,000 idle eventfds and one ready one.
 *
 *   fileio stdout MIB      write MIB MiB to stdout in 1 MiB writes (bench/run
 *                          times it: console throughput)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1 << 20)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void seq(int mib)
{
    char *buf = malloc(MIB);
    int fd = open("fileio.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    double t;

    if (!buf || fd < 0)
        die("fileio.dat");
    memset(buf, 'x', MIB);
    t = now();
    for (int i = 0; i < mib; i++)
        if (write(fd, buf, MIB) != MIB)
            die("write");
    printf("seq_write_mibs %.1f\n", mib / (now() - t));
    t = now();
    for (int i = 0; i < mib; i++)
        if (pread(fd, buf, MIB, (off_t)i * MIB) != MIB)
            die("read");
    printf("seq_read_mibs %.1f\n", mib / (now() - t));
    close(fd);
    unlink("fileio.dat");
    free(buf);
}

static void small(int n)
{
    char name[64];
    struct stat st;
    double t;

    mkdir("fileio.d", 0755);
    t = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "fileio.d/f%d", i);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            die(name);
        close(fd);
    }
    printf("small_create_ns %.0f\n", (now() - t) * 1e9 / n);
    t = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "fileio.d/f%d", i);
        if (stat(name, &st))
            die(name);
    }
    printf("small_stat_ns %.0f\n", (now() - t) * 1e9 / n);
    t = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "fileio.d/f%d", i);
        if (unlink(name))
            die(name);
    }
    printf("small_unlink_ns %.0f\n", (now() - t) * 1e9 / n);
    rmdir("fileio.d");
}

static int pfd[2], qfd[2];
static long pipe_total, rounds;

static void *pipe_writer(void *arg)
{
    static char buf[65536];
    for (long done = 0; done < pipe_total;) {
        ssize_t n = write(pfd[1], buf, sizeof(buf));
        if (n <= 0)
            die("pipe write");
        done += n;
    }
    return arg;
}

static void *ponger(void *arg)
{
    char c;
    for (long i = 0; i < rounds; i++)
        if (read(pfd[0], &c, 1) != 1 || write(qfd[1], &c, 1) != 1)
            die("pong");
    return arg;
}

static void pipes(int mib, long n)
{
    static char buf[65536];
    pthread_t th;
    double t;
    char c = 'p';

    if (pipe(pfd) || pipe(qfd))
        die("pipe");
    pipe_total = (long)mib * 4 * MIB;
    t = now();
    pthread_create(&th, NULL, pipe_writer, NULL);
    for (long done = 0; done < pipe_total;) {
        ssize_t k = read(pfd[0], buf, sizeof(buf));
        if (k <= 0)
            die("pipe read");
        done += k;
    }
    pthread_join(th, NULL);
    printf("pipe_mibs %.1f\n", pipe_total / (double)MIB / (now() - t));
    rounds = n;
    pthread_create(&th, NULL, ponger, NULL);
    t = now();
    for (long i = 0; i < n; i++)
        if (write(pfd[1], &c, 1) != 1 || read(qfd[0], &c, 1) != 1)
            die("ping");
    printf("pipe_pingpong_ns %.0f\n", (now() - t) * 1e9 / n);
    pthread_join(th, NULL);
}

static void epoll_idle(long n)
{
    struct epoll_event ev = {.events = EPOLLIN}, out[8];
    int ep = epoll_create1(0), ready = eventfd(1, 0);
    double t;

    for (int i = 0; i < 1000; i++) {
        int fd = eventfd(0, 0);
        ev.data.fd = fd;
        if (fd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
            die("eventfd");
    }
    ev.data.fd = ready;
    epoll_ctl(ep, EPOLL_CTL_ADD, ready, &ev);
    t = now();
    for (long i = 0; i < n; i++)
        if (epoll_wait(ep, out, 8, 0) != 1)
            die("epoll_wait");
    printf("epoll_idle_ns %.0f\n", (now() - t) * 1e9 / n);
}

int main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 256, nfiles = argc > 2 ? atoi(argv[2]) : 100000;
    long n = argc > 3 ? atol(argv[3]) : 10000;

    if (argc == 3 && !strcmp(argv[1], "stdout")) {
        char *buf = calloc(1, MIB);
        for (int i = atoi(argv[2]); i > 0 && buf; i--)
            if (write(1, buf, MIB) != MIB)
                die("stdout");
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    seq(mib);
    small(nfiles);
    pipes(mib, n);
    epoll_idle(n);
    return 0;
}
