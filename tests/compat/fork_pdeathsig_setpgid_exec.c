/* fork_pdeathsig_setpgid_exec: PR_SET_PDEATHSIG delivers its signal when
 * the parent ends (and survives the child's execve), is not inherited by
 * fork; setpgid on a child that has exec'd is EACCES. */
#include "common.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static volatile sig_atomic_t got;
static void on_usr1(int s)
{
    got = s;
}

int main(int argc, char **argv)
{
    int st, p[2];
    if (argc > 1 && !strcmp(argv[1], "waiter")) {
        /* exec'd: the death signal set before exec still counts */
        int v = -1;
        prctl(PR_GET_PDEATHSIG, &v);
        printf("after exec: pdeathsig %d\n", v);
        fflush(stdout);
        write(atoi(argv[2]), "r", 1); /* the middle process may go now */
        char b;
        read(0, &b, 1); /* until our parent is gone (EOF) */
        pause();        /* SIGTERM ends us */
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "sleep")) {
        pause();
        return 0;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n] = 0;
    SHOW(prctl(PR_SET_CHILD_SUBREAPER, 1));
    SHOW(prctl(PR_SET_PDEATHSIG, 99));
    SHOW(prctl(PR_SET_PDEATHSIG, SIGUSR1));
    int v = 0;
    prctl(PR_GET_PDEATHSIG, &v);
    printf("pdeathsig %d\n", v);
    prctl(PR_SET_PDEATHSIG, 0);

    /* the middle process forks the waiter (which sets PDEATHSIG and execs),
     * then exits: the waiter gets SIGTERM and comes to us, the subreaper */
    int ready[2];
    pipe(p);
    pipe(ready);
    pid_t mid = fork();
    if (mid == 0) {
        pid_t w = fork();
        if (w == 0) {
            char fdarg[16];
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            dup2(p[0], 0);
            close(p[0]);
            close(p[1]);
            close(ready[0]);
            snprintf(fdarg, sizeof(fdarg), "%d", ready[1]);
            execl(self, "waiter", "waiter", fdarg, (char *)0);
            _exit(127);
        }
        close(p[0]);
        char b;
        read(ready[0], &b, 1); /* it has printed */
        _exit(0);
    }
    close(ready[0]);
    close(ready[1]);
    close(p[0]);
    close(p[1]);
    waitpid(mid, &st, 0);
    pid_t w = wait(&st);
    SAY(w > 0);
    printf("waiter: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* not inherited by fork */
    prctl(PR_SET_PDEATHSIG, SIGUSR1);
    pid_t c = fork();
    if (c == 0) {
        int cv = -1;
        prctl(PR_GET_PDEATHSIG, &cv);
        printf("child of fork: pdeathsig %d\n", cv);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);
    prctl(PR_SET_PDEATHSIG, 0);

    /* setpgid: fine before the child execs, EACCES after */
    int go[2];
    pipe(go);
    c = fork();
    if (c == 0) {
        char b;
        read(go[0], &b, 1);
        execl(self, "sleep", "sleep", (char *)0);
        _exit(127);
    }
    SHOW(setpgid(c, c));
    write(go[1], "x", 1);
    for (int i = 0; i < 200; i++) { /* until it has exec'd */
        char path[64], comm[32] = {0};
        snprintf(path, sizeof(path), "/proc/%d/cmdline", c);
        int fd = open(path, O_RDONLY);
        read(fd, comm, sizeof(comm) - 1);
        close(fd);
        if (!strcmp(comm, "sleep"))
            break;
        usleep(10000);
    }
    SHOW(setpgid(c, 0));
    kill(c, SIGKILL);
    waitpid(c, &st, 0);
    signal(SIGUSR1, on_usr1);
    return got;
}
