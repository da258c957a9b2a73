/* bench/process.c: the process rows: fork+exit+wait, fork of a process
 * with MIB MiB touched, vfork+exec of a static hello, and a pipeline of
 * five processes moving PIPE_MB MiB.
 *   process N MIB PIPE_MB HELLO     prints "NAME ns_per_op" lines */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void reap(pid_t c)
{
    int st;
    waitpid(c, &st, 0);
}

static double fork_exit_wait(int n)
{
    double t = now();
    for (int i = 0; i < n; i++) {
        pid_t c = fork();
        if (c == 0)
            _exit(0);
        reap(c);
    }
    return (now() - t) / n;
}

static double fork_touched(int n, long mib)
{
    char *p = mmap(0, mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    for (long i = 0; i < (mib << 20); i += 4096)
        p[i] = 1;
    double t = fork_exit_wait(n); /* now with mib MiB to share */
    munmap(p, mib << 20);
    return t;
}

static double vfork_exec(int n, const char *prog)
{
    double t = now();
    for (int i = 0; i < n; i++) {
        pid_t c = vfork();
        if (c == 0) {
            int fd = open("/dev/null", 1);
            dup2(fd, 1);
            execl(prog, prog, (char *)0);
            _exit(127);
        }
        reap(c);
    }
    return (now() - t) / n;
}

/* writer | copy | copy | copy | counter, over pipes; ns for the whole run */
static double pipeline(long mb)
{
    int p[4][2];
    pid_t kids[5];
    static char buf[65536];
    for (int i = 0; i < 4; i++)
        pipe(p[i]);
    double t = now();
    for (int k = 0; k < 5; k++) {
        kids[k] = fork();
        if (kids[k])
            continue;
        int in = k ? p[k - 1][0] : -1, out = k < 4 ? p[k][1] : -1;
        for (int i = 0; i < 4; i++) {
            if (p[i][0] != in)
                close(p[i][0]);
            if (p[i][1] != out)
                close(p[i][1]);
        }
        long total = 0;
        if (k == 0) {
            memset(buf, 'x', sizeof(buf));
            for (long left = mb << 20; left > 0; left -= sizeof(buf))
                write(out, buf, sizeof(buf));
        } else {
            ssize_t r;
            while ((r = read(in, buf, sizeof(buf))) > 0) {
                total += r;
                if (out >= 0)
                    for (ssize_t o = 0; o < r;) {
                        ssize_t w = write(out, buf + o, r - o);
                        if (w <= 0)
                            _exit(1);
                        o += w;
                    }
            }
        }
        _exit(k == 4 && total != mb << 20);
    }
    for (int i = 0; i < 4; i++) {
        close(p[i][0]);
        close(p[i][1]);
    }
    int bad = 0;
    for (int k = 0; k < 5; k++) {
        int st;
        waitpid(kids[k], &st, 0);
        bad |= !WIFEXITED(st) || WEXITSTATUS(st);
    }
    return bad ? -1 : now() - t;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: process N MIB PIPE_MB HELLO\n");
        return 2;
    }
    int n = atoi(argv[1]);
    long mib = atol(argv[2]), mb = atol(argv[3]);
    printf("fork_exit_wait %.0f\n", fork_exit_wait(n));
    printf("fork_touched %.0f\n", fork_touched(n / 10 ? n / 10 : 1, mib));
    printf("vfork_exec_hello %.0f\n", vfork_exec(n / 10 ? n / 10 : 1, argv[4]));
    printf("pipeline_5 %.0f\n", pipeline(mb));
    return 0;
}
