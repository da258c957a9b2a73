/* bench/cpu_time: run a command and print what it cost the host, for
 * bench/wallclock/run.
 *
 *   cpu_time OUT CMD [ARG...]
 *
 * Runs CMD with stdin /dev/null and stdout+stderr to the file OUT, waits,
 * and prints "WALL_MS CPU_MS MAXRSS_KIB RC": CPU is user + sys of CMD and
 * the children it waited for; MAXRSS is the peak resident set (the largest
 * VmHWM of CMD and those children).  A static program, so that the few
 * pages it has itself when it forks do not show in MAXRSS (Linux keeps the
 * pre-exec peak in ru_maxrss; a python or bash parent would dominate it).
 * RC is the exit status, or 128 + the signal. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    struct rusage ru;
    int status, rc;
    double t0, t1;
    pid_t pid;

    if (argc < 3) {
        fprintf(stderr, "usage: cpu_time OUT CMD [ARG...]\n");
        return 2;
    }
    t0 = now_ms();
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
            _exit(127);
        execvp(argv[2], argv + 2);
        dprintf(2, "%s: cannot run\n", argv[2]);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("wait4");
        return 1;
    }
    t1 = now_ms();
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%.1f %.1f %ld %d\n", t1 - t0,
           (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
           ru.ru_maxrss, rc);
    return 0;
}
