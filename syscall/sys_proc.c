/* syscall/sys_proc.c: identity, limits, system information, thread
 * bookkeeping and exit. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/random.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

long sys_getpid(void)
{
    return current()->proc->pid;
}

long sys_gettid(void)
{
    return current()->tid;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012

long sys_arch_prctl(int code, uint64_t addr)
{
    struct task *t = current();
    switch (code) {
    case ARCH_SET_FS:
        if (addr >= USER_TOP)
            return -EPERM;
        t->fs_base = addr;
        wrmsr(MSR_FS_BASE, addr);
        return 0;
    case ARCH_SET_GS:
        if (addr >= USER_TOP)
            return -EPERM;
        t->gs_base = addr;
        wrmsr(MSR_KERNEL_GS_BASE, addr); /* the user's GS while in the kernel */
        return 0;
    case ARCH_GET_FS:
        return copy_to_user((void *)addr, &t->fs_base, 8);
    case ARCH_GET_GS:
        return copy_to_user((void *)addr, &t->gs_base, 8);
    case ARCH_GET_CPUID:
        return 1;
    case ARCH_SET_CPUID:
        return -ENODEV; /* no CPUID faulting */
    default:
        return -EINVAL;
    }
}

#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0ull)

long sys_prlimit64(int pid, int res, const struct rlimit64 *unew, struct rlimit64 *uold)
{
    struct process *p = current()->proc;
    struct rlimit64 n;
    if (pid && pid != p->pid)
        return -ESRCH;
    if (res < 0 || res >= RLIMIT_NLIMITS)
        return -EINVAL;
    if (unew) {
        if (copy_from_user(&n, unew, sizeof(n)))
            return -EFAULT;
        if (n.cur > n.max)
            return -EINVAL;
        if (res == RLIMIT_NOFILE && n.max > 1048576)
            return -EPERM; /* fs.nr_open */
    }
    if (uold && copy_to_user(uold, &p->rlim[res], sizeof(n)))
        return -EFAULT;
    if (unew)
        p->rlim[res] = n;
    return 0;
}

long sys_getrlimit(int res, struct rlimit64 *uold)
{
    if (res < 0 || res >= RLIMIT_NLIMITS)
        return -EINVAL;
    return sys_prlimit64(0, res, 0, uold);
}

long sys_setrlimit(int res, const struct rlimit64 *unew)
{
    if (res < 0 || res >= RLIMIT_NLIMITS)
        return -EINVAL;
    return sys_prlimit64(0, res, unew, 0);
}

void proc_default_rlimits(struct process *p)
{
    for (int i = 0; i < RLIMIT_NLIMITS; i++)
        p->rlim[i].cur = p->rlim[i].max = RLIM_INFINITY;
    p->rlim[RLIMIT_STACK].cur = 8 << 20;
    p->rlim[4].cur = 0;                        /* RLIMIT_CORE */
    p->rlim[6].cur = p->rlim[6].max = 63459;   /* RLIMIT_NPROC */
    p->rlim[RLIMIT_NOFILE].cur = 1024;
    p->rlim[RLIMIT_NOFILE].max = 4096;
    p->rlim[8].cur = p->rlim[8].max = 8 << 20; /* RLIMIT_MEMLOCK */
    p->rlim[11].cur = p->rlim[11].max = 63459; /* RLIMIT_SIGPENDING */
    p->rlim[12].cur = p->rlim[12].max = 819200; /* RLIMIT_MSGQUEUE */
    p->rlim[13].cur = p->rlim[13].max = 0;     /* RLIMIT_NICE */
    p->rlim[14].cur = p->rlim[14].max = 0;     /* RLIMIT_RTPRIO */
}

struct utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

long sys_uname(struct utsname *ubuf)
{
    static const struct utsname u = {
        "Linux", "kiln", "6.1.0-kiln", "#1 SMP PREEMPT_DYNAMIC kiln", "x86_64", "(none)",
    };
    return copy_to_user(ubuf, &u, sizeof(u));
}

struct sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char f[4];
};

long sys_sysinfo(struct sysinfo *ubuf)
{
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    si.uptime = time_mono_ns() / 1000000000 + 1;
    si.totalram = mm_page_total() * PAGE_SIZE;
    si.freeram = mm_page_free_count() * PAGE_SIZE;
    struct list *it;
    list_for_each(it, &all_processes) si.procs++;
    si.mem_unit = 1;
    return copy_to_user(ubuf, &si, sizeof(si));
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

long sys_getrandom(void *ubuf, uint64_t n, unsigned flags)
{
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
        return -EINVAL;
    return random_to_user(ubuf, n > 0x1ffffff ? 0x1ffffff : n);
}

long sys_sched_getaffinity(int pid, uint64_t len, void *umask)
{
    uint64_t mask = 1;
    if (pid && pid != current()->tid && pid != current()->proc->pid)
        return -ESRCH;
    if (len < 8 || (len & 7))
        return -EINVAL;
    return copy_to_user(umask, &mask, 8) ? -EFAULT : 8;
}

long sys_sched_setaffinity(int pid, uint64_t len, const void *umask)
{
    uint64_t mask = 0;
    if (pid && pid != current()->tid && pid != current()->proc->pid)
        return -ESRCH;
    if (copy_from_user(&mask, umask, len < 8 ? len : 8))
        return -EFAULT;
    return (mask & 1) ? 0 : -EINVAL;
}

long sys_sched_yield(void)
{
    schedule();
    return 0;
}

long sys_getcpu(unsigned *ucpu, unsigned *unode, void *cache)
{
    unsigned z = 0;
    if (ucpu && copy_to_user(ucpu, &z, 4))
        return -EFAULT;
    if (unode && copy_to_user(unode, &z, 4))
        return -EFAULT;
    return 0;
}

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

/* The thread getpriority/setpriority name: PRIO_PROCESS a tid (0: the
 * caller); a process group or user is answered for the caller's own (all
 * processes here run as one user), anything else is ESRCH. */
static struct task *prio_target(int which, int who, struct task **out)
{
    struct task *cur = current();
    *out = 0;
    if (which == PRIO_PROCESS)
        *out = who ? task_find_any(who) : cur;
    else if (which == PRIO_PGRP)
        *out = !who || who == cur->proc->pgid ? cur : 0;
    else if (which == PRIO_USER)
        *out = (uint32_t)who == 0 || (uint32_t)who == cur->proc->cred.uid ? cur : 0;
    return *out;
}

long sys_getpriority(int which, int who)
{
    struct task *t;
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    if (!prio_target(which, who, &t))
        return -ESRCH;
    return 20 - t->nice; /* the kernel's 1..40 encoding; libc turns it back */
}

long sys_setpriority(int which, int who, int prio)
{
    struct task *t;
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    if (!prio_target(which, who, &t))
        return -ESRCH;
    t->nice = prio < -20 ? -20 : prio > 19 ? 19 : prio; /* the guest runs as root */
    return 0;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

long sys_prctl(int op, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct task *cur = current();
    static int dumpable = 1, nnp;
    switch (op) {
    case PR_SET_NAME: {
        char buf[16];
        long n = strncpy_from_user(buf, (const char *)a2, sizeof(buf));
        if (n == -EFAULT)
            return -EFAULT;
        buf[15] = 0;
        /* per thread, as Linux; the first thread's is the process's */
        memcpy(cur->tid == cur->proc->pid ? cur->proc->comm : cur->comm, buf, 16);
        return 0;
    }
    case PR_GET_NAME:
        return copy_to_user((void *)a2, task_comm(cur), 16);
    case PR_SET_TIMERSLACK:
        return 0; /* accepted: kiln's timers have no slack */
    case PR_GET_TIMERSLACK:
        return 50000; /* Linux's default, in ns */
    case PR_GET_DUMPABLE:
        return dumpable;
    case PR_SET_DUMPABLE:
        if (a2 > 1)
            return -EINVAL;
        dumpable = a2;
        return 0;
    case PR_SET_NO_NEW_PRIVS:
        if (a2 != 1 || a3 || a4 || a5)
            return -EINVAL;
        nnp = 1;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        return nnp;
    case PR_SET_CHILD_SUBREAPER:
        current()->proc->child_subreaper = !!a2;
        return 0;
    case PR_GET_CHILD_SUBREAPER:
        return copy_to_user((void *)a2, &(int){current()->proc->child_subreaper}, sizeof(int));
    case PR_SET_PDEATHSIG:
        if (a2 > NSIG)
            return -EINVAL;
        current()->proc->pdeath_signal = (int)a2;
        return 0;
    case PR_GET_PDEATHSIG:
        return copy_to_user((void *)a2, &current()->proc->pdeath_signal, sizeof(int));
    default:
        return -EINVAL;
    }
}
