/* fork_exec_pipeline: a three-stage pipeline built by hand with pipe,
 * dup2, fork and execve of this same program (in another role), plus
 * close-on-exec, exec of a #! script, and execve errors. */
#include "common.h"
#include <sys/wait.h>

static char self[4096];

static int produce(void)
{
    for (int i = 1; i <= 2000; i++)
        printf("line %d\n", i);
    return 0;
}

static int filter(void)
{
    char buf[256];
    while (fgets(buf, sizeof(buf), stdin))
        if (strchr(buf, '7'))
            fputs(buf, stdout);
    return 0;
}

static int count(void)
{
    char buf[256];
    long n = 0, sum = 0;
    while (fgets(buf, sizeof(buf), stdin)) {
        n++;
        sum += atol(buf + 5);
    }
    printf("count: %ld lines, sum %ld\n", n, sum);
    return 3;
}

static pid_t stage(const char *role, int in, int out)
{
    pid_t c = fork();
    if (c == 0) {
        if (in >= 0) {
            dup2(in, 0);
            close(in);
        }
        if (out >= 0) {
            dup2(out, 1);
            close(out);
        }
        char *argv[] = {"stage", (char *)role, 0};
        execv(self, argv);
        _exit(127);
    }
    return c;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "produce"))
        return produce();
    if (argc > 1 && !strcmp(argv[1], "filter"))
        return filter();
    if (argc > 1 && !strcmp(argv[1], "count"))
        return count();
    if (argc > 1 && !strcmp(argv[1], "fdcheck")) {
        printf("fd 5 open after exec: %d, fd 6: %d\n", fcntl(5, F_GETFD) >= 0,
               fcntl(6, F_GETFD) >= 0);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "script")) {
        printf("script argv:");
        for (int i = 2; i < argc; i++)
            printf(" [%s]", argv[i]);
        printf("\n");
        return 0;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n < 0)
        return 1;
    self[n] = 0;

    int a[2], b[2], st;
    pipe(a);
    pipe(b);
    pid_t p1 = stage("produce", -1, a[1]);
    close(a[1]);
    pid_t p2 = stage("filter", a[0], b[1]);
    close(a[0]);
    close(b[1]);
    fflush(stdout);
    pid_t p3 = stage("count", b[0], -1);
    close(b[0]);
    int s1, s2, s3;
    waitpid(p3, &s3, 0); /* (it prints: wait for it before printing) */
    waitpid(p1, &s1, 0);
    waitpid(p2, &s2, 0);
    printf("produce: %d, filter: %d, count: %d\n", WEXITSTATUS(s1), WEXITSTATUS(s2),
           WEXITSTATUS(s3));

    /* close-on-exec */
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    dup2(fd, 5);
    dup3(fd, 6, O_CLOEXEC);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        execl(self, "x", "fdcheck", (char *)0);
        _exit(127);
    }
    waitpid(c, &st, 0);

    /* a #! script whose interpreter is this program, with one argument */
    char text[4200];
    snprintf(text, sizeof(text), "#!%s script\nignored\n", self);
    put_file("s.sh", text);
    chmod("s.sh", 0755);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        execl("./s.sh", "s.sh", "one", "two words", (char *)0);
        _exit(127);
    }
    waitpid(c, &st, 0);
    printf("script: %d\n", WEXITSTATUS(st));

    /* errors come back to the caller, which keeps running */
    char *none[] = {"x", 0};
    errno = 0;
    SHOW(execv("./missing", none));
    put_file("noexec", "just text\n");
    SHOW(execv("./noexec", none));
    chmod("noexec", 0755);
    SHOW(execv("./noexec", none));
    SHOW(execv(".", none));
    return 0;
}
