/* fork_wait_status_rusage: wait4/waitpid/waitid report how children ended
 * (exit codes, signals, no core with RLIMIT_CORE 0), WNOHANG on a running
 * child, ECHILD with none left, waitid WNOWAIT leaves the zombie, P_PGID,
 * bad options, and rusage of children. */
#include "common.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

static void describe(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %d core %d\n", what, WTERMSIG(st), !!WCOREDUMP(st));
    else
        printf("%s: other %x\n", what, st);
}

int main(void)
{
    struct rlimit rl = {0, 0};
    int st, pfd[2];
    setrlimit(RLIMIT_CORE, &rl);

    static const int codes[] = {0, 1, 42, 255, 256 + 7};
    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        pid_t c = fork();
        if (c == 0)
            _exit(codes[i]);
        char what[32];
        snprintf(what, sizeof(what), "exit(%d)", codes[i]);
        SAY(waitpid(c, &st, 0) == c);
        describe(what, st);
    }

    pid_t c = fork();
    if (c == 0)
        abort();
    waitpid(c, &st, 0);
    describe("abort", st);

    c = fork();
    if (c == 0) {
        *(volatile int *)0 = 1;
        _exit(0);
    }
    waitpid(c, &st, 0);
    describe("null write", st);

    /* a child blocked on a pipe: WNOHANG says 0, then kill it */
    pipe(pfd);
    c = fork();
    if (c == 0) {
        char b;
        close(pfd[1]);
        read(pfd[0], &b, 1);
        _exit(9);
    }
    close(pfd[0]);
    SHOW(waitpid(c, &st, WNOHANG));
    SHOW(kill(c, SIGTERM));
    SAY(waitpid(c, &st, 0) == c);
    describe("SIGTERM", st);
    close(pfd[1]);

    /* waitid: WNOWAIT leaves the zombie for a second wait */
    c = fork();
    if (c == 0)
        _exit(5);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    SHOW(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
    SAY(si.si_pid == c);
    printf("waitid: signo %d code %d status %d\n", si.si_signo, si.si_code, si.si_status);
    SAY(waitpid(c, &st, 0) == c);
    describe("after WNOWAIT", st);

    /* P_PGID with our own group; P_ALL with WNOHANG and nothing left */
    c = fork();
    if (c == 0)
        _exit(6);
    memset(&si, 0, sizeof(si));
    SHOW(waitid(P_PGID, 0, &si, WEXITED));
    SAY(si.si_pid == c);
    memset(&si, 0xff, sizeof(si));
    SHOW(waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
    SHOW(waitid(P_ALL, 0, &si, 0));
    SHOW(waitid(P_PID, 0, &si, WEXITED));
    SHOW(waitpid(-1, &st, 0));
    SHOW(waitpid(-1, &st, 0x100));
    SHOW(wait(NULL));

    /* rusage of a child that burned a little CPU */
    c = fork();
    if (c == 0) {
        volatile unsigned long x = 0;
        for (unsigned long i = 0; i < 30000000; i++)
            x += i;
        _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof(ru));
    SAY(wait4(c, &st, 0, &ru) == c);
    SAY(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
    SAY(getrusage(RUSAGE_CHILDREN, &ru) == 0);
    SAY(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec > 0 || ru.ru_utime.tv_usec + ru.ru_stime.tv_usec > 0);
    return 0;
}
