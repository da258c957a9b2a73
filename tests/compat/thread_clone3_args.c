/* thread_clone3_args: clone3(2)'s argument checks, as Linux does them: a
 * NULL pointer EFAULT, a size below 64 (CLONE_ARGS_SIZE_VER0) EINVAL, above
 * a page E2BIG, a larger struct with non-zero tail bytes E2BIG (zero tail
 * accepted), unknown flag bits EINVAL, CLONE_THREAD without CLONE_SIGHAND
 * and CLONE_SIGHAND without CLONE_VM EINVAL, an exit_signal with
 * CLONE_THREAD EINVAL, an exit_signal above 64 EINVAL, a stack size without
 * a stack EINVAL, CLONE_CLEAR_SIGHAND with CLONE_SIGHAND EINVAL,
 * CLONE_INTO_CGROUP fails; CLONE_CLEAR_SIGHAND resets the child's handlers
 * to SIG_DFL but keeps SIG_IGN (the parent's stay); then a working fork through clone3 (exit_signal
 * SIGCHLD): the child returns 0 and its exit status reaches waitpid, with CLONE_PARENT_SETTID
 * written before the parent returns.  (glibc's pthread_create uses clone3 for every thread; the
 * other thread tests cover that.) */
#include "common.h"
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

struct clone_args_k {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

#define CLONE_VM 0x100
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CLEAR_SIGHAND 0x100000000ULL

static void on_usr1(int s)
{
    (void)s;
}

static long c3(void *args, size_t size)
{
    return syscall(SYS_clone3, args, size);
}

int main(void)
{
    struct clone_args_k a;
    char big[4096 + 8];

    SHOW(c3(NULL, sizeof(a)));
    memset(&a, 0, sizeof(a));
    SHOW(c3(&a, 0));
    SHOW(c3(&a, 63));
    memset(big, 0, sizeof(big));
    SHOW(c3(big, 4097));
    big[100] = 1;
    SHOW(c3(big, 128));
    a.flags = 1ULL << 40;
    SHOW(c3(&a, sizeof(a)));
    a.flags = CLONE_THREAD | CLONE_VM;
    SHOW(c3(&a, sizeof(a)));
    a.flags = CLONE_SIGHAND;
    SHOW(c3(&a, sizeof(a)));
    a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    a.exit_signal = SIGCHLD;
    SHOW(c3(&a, sizeof(a)));
    a.flags = 0;
    a.exit_signal = 65;
    SHOW(c3(&a, sizeof(a)));
    a.exit_signal = SIGCHLD;
    a.stack_size = 4096;
    SHOW(c3(&a, sizeof(a)));

    a.stack_size = 0;
    a.flags = CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM;
    SHOW(c3(&a, sizeof(a)));
    a.flags = 1ULL << 33; /* CLONE_INTO_CGROUP with cgroup 0 */
    a.exit_signal = SIGCHLD;
    printf("into cgroup 0 fails: %d\n", c3(&a, sizeof(a)) < 0);

    /* CLONE_CLEAR_SIGHAND: the child's handlers are reset, ignored stays */
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, SIG_IGN);
    a.flags = CLONE_CLEAR_SIGHAND;
    fflush(stdout);
    long c = c3(&a, sizeof(a));
    if (c == 0) {
        struct sigaction u1, u2;
        sigaction(SIGUSR1, NULL, &u1);
        sigaction(SIGUSR2, NULL, &u2);
        _exit((u1.sa_handler == SIG_DFL) | (u2.sa_handler == SIG_IGN) << 1);
    }
    int cs = 0;
    waitpid(c, &cs, 0);
    printf("clear_sighand child: handler reset %d, ignore kept %d\n", WEXITSTATUS(cs) & 1,
           WEXITSTATUS(cs) >> 1 & 1);
    struct sigaction mine;
    sigaction(SIGUSR1, NULL, &mine);
    printf("parent keeps its handler: %d\n", mine.sa_handler == on_usr1);

    /* a working fork, the struct passed as 128 bytes with a zero tail */
    memset(big, 0, sizeof(big));
    int ptid = 0;
    a.stack_size = 0;
    a.flags = CLONE_PARENT_SETTID;
    a.parent_tid = (uintptr_t)&ptid;
    memcpy(big, &a, sizeof(a));
    fflush(stdout);
    long pid = c3(big, 128);
    if (pid == 0)
        _exit(7);
    int st = 0;
    printf("fork through clone3: %d, parent tid written: %d\n", pid > 0, ptid == pid);
    int w = waitpid(pid, &st, 0) == pid;
    printf("waitpid: %d, exited %d, status %d\n", w, WIFEXITED(st), WEXITSTATUS(st));
    return 0;
}
