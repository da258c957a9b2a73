/* prctl_sched_priority_membarrier: the process odds and ends runtimes call.
 * prctl: PR_SET_NAME truncates to 15 bytes and PR_GET_NAME reads it back
 * (also in /proc/self/comm and in a new thread's own name), PR_SET_PDEATHSIG
 * reads back, PR_GET_DUMPABLE is 1 and SET_DUMPABLE 0/1 reads back (2 is
 * EINVAL), PR_SET_NO_NEW_PRIVS, PR_GET_TIMERSLACK, unknown options EINVAL.
 * sched_getparam/getscheduler/get_priority_min/max for each policy,
 * sched_rr_get_interval, sched_setaffinity to the CPUs we have.
 * getpriority/setpriority (nice 0, raised to 5 reads back 5; a bad which
 * EINVAL, an unknown pid ESRCH).  getcpu gives a CPU in the affinity mask.
 * membarrier: QUERY includes GLOBAL and the PRIVATE_EXPEDITED pair; private
 * expedited before registering is EPERM, after it 0; flags and unknown
 * commands EINVAL. */
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>

#define MB_QUERY 0
#define MB_GLOBAL 1
#define MB_PRIV 8
#define MB_REG_PRIV 16

static void *named(void *arg)
{
    char name[32] = "";
    prctl(PR_GET_NAME, name);
    printf("thread's inherited name: %s\n", name);
    prctl(PR_SET_NAME, "worker");
    prctl(PR_GET_NAME, name);
    printf("thread's own name: %s\n", name);
    return arg;
}

int main(void)
{
    char name[32] = "";
    SHOW(prctl(PR_SET_NAME, "a-very-long-thread-name"));
    SHOW(prctl(PR_GET_NAME, name));
    printf("name: %s (%zu bytes)\n", name, strlen(name));
    char comm[32] = "";
    int fd = open("/proc/self/comm", O_RDONLY);
    ssize_t n = read(fd, comm, sizeof(comm) - 1);
    close(fd);
    printf("comm: %.*s", (int)(n > 0 ? n : 0), comm);
    pthread_t t;
    pthread_create(&t, NULL, named, NULL);
    pthread_join(t, NULL);
    prctl(PR_GET_NAME, name);
    printf("main's name after: %s\n", name);

    int sig = -1;
    SHOW(prctl(PR_GET_PDEATHSIG, &sig));
    printf("pdeathsig: %d\n", sig);
    SHOW(prctl(PR_SET_PDEATHSIG, SIGTERM));
    SHOW(prctl(PR_GET_PDEATHSIG, &sig));
    printf("pdeathsig: %d\n", sig);
    SHOW(prctl(PR_SET_PDEATHSIG, 65));
    SHOW(prctl(PR_SET_PDEATHSIG, 0));
    SHOW(prctl(PR_GET_DUMPABLE));
    SHOW(prctl(PR_SET_DUMPABLE, 0));
    SHOW(prctl(PR_GET_DUMPABLE));
    SHOW(prctl(PR_SET_DUMPABLE, 2));
    SHOW(prctl(PR_SET_DUMPABLE, 1));
    SHOW(prctl(PR_GET_DUMPABLE));
    SHOW(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    SHOW(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    SHOW(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    SHOW(prctl(PR_GET_TIMERSLACK) > 0);
    SHOW(prctl(9999, 0, 0, 0, 0));

    struct sched_param sp = {.sched_priority = 7};
    SHOW(sched_getparam(0, &sp));
    printf("priority: %d\n", sp.sched_priority);
    SHOW(sched_getscheduler(0));
    SHOW(sched_getparam(-1, &sp));
    SHOW(sched_getscheduler(999999));
    int pols[] = {SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, 42};
    for (int i = 0; i < 6; i++)
        printf("policy %d: min %d max %d\n", pols[i], sched_get_priority_min(pols[i]),
               sched_get_priority_max(pols[i]));
    struct timespec rr;
    SHOW(sched_rr_get_interval(0, &rr));
    cpu_set_t set, back;
    CPU_ZERO(&set);
    SHOW(sched_getaffinity(0, sizeof(set), &set));
    SHOW(sched_setaffinity(0, sizeof(set), &set));
    CPU_ZERO(&back);
    sched_getaffinity(0, sizeof(back), &back);
    SAY(CPU_EQUAL(&set, &back));
    cpu_set_t none;
    CPU_ZERO(&none);
    SHOW(sched_setaffinity(0, sizeof(none), &none));
    sp.sched_priority = 0;
    SHOW(sched_setscheduler(0, SCHED_OTHER, &sp));
    sp.sched_priority = 5;
    SHOW(sched_setscheduler(0, SCHED_OTHER, &sp));

    errno = 0;
    SHOW(getpriority(PRIO_PROCESS, 0));
    SHOW(setpriority(PRIO_PROCESS, 0, 5));
    errno = 0;
    SHOW(getpriority(PRIO_PROCESS, 0));
    SHOW(setpriority(PRIO_PROCESS, 0, 0));
    errno = 0;
    SHOW(getpriority(PRIO_PROCESS, 0));
    SHOW(getpriority(7, 0));
    SHOW(setpriority(PRIO_PROCESS, 999999, 0));
    errno = 0;
    SHOW(getpriority(PRIO_PROCESS, getpid()));

    unsigned cpu = 999, node = 999;
    SHOW(syscall(SYS_getcpu, &cpu, &node, NULL));
    SAY(CPU_ISSET(cpu, &set));
    printf("node: %u\n", node);
    SHOW(syscall(SYS_getcpu, NULL, NULL, NULL));
    SAY(sched_getcpu() == (int)cpu || CPU_ISSET(sched_getcpu(), &set));

    long q = syscall(SYS_membarrier, MB_QUERY, 0, 0);
    printf("query has GLOBAL, PRIVATE_EXPEDITED and its registration: %d\n",
           q > 0 &&
               (q & (MB_GLOBAL | MB_PRIV | MB_REG_PRIV)) == (MB_GLOBAL | MB_PRIV | MB_REG_PRIV));
    SHOW(syscall(SYS_membarrier, MB_PRIV, 0, 0));
    SHOW(syscall(SYS_membarrier, MB_REG_PRIV, 0, 0));
    SHOW(syscall(SYS_membarrier, MB_PRIV, 0, 0));
    SHOW(syscall(SYS_membarrier, MB_PRIV, 1, 0));
    SHOW(syscall(SYS_membarrier, MB_GLOBAL, 0, 0));
    SHOW(syscall(SYS_membarrier, 3, 0, 0));
    SHOW(syscall(SYS_membarrier, 1 << 12, 0, 0));
    return 0;
}
