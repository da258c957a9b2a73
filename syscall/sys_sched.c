/* syscall/sys_sched.c: scheduling policy bookkeeping.  One task on one CPU:
 * the policy is recorded and reported; it changes nothing yet. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/uaccess.h"

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_RESET_ON_FORK 0x40000000

static int find(int pid, struct process **p)
{
    if (pid < 0)
        return -EINVAL;
    if (pid && pid != current()->proc->pid && pid != current()->tid)
        return -ESRCH;
    *p = current()->proc;
    return 0;
}

static int valid(int policy, int prio)
{
    switch (policy) {
    case SCHED_OTHER:
    case SCHED_BATCH:
    case SCHED_IDLE:
        return prio == 0;
    case SCHED_FIFO:
    case SCHED_RR:
        return prio >= 1 && prio <= 99;
    default:
        return 0;
    }
}

long sys_sched_getscheduler(int pid)
{
    struct process *p;
    int err = find(pid, &p);
    return err ? err : p->sched_policy;
}

long sys_sched_getparam(int pid, int *uparam)
{
    struct process *p;
    int err = find(pid, &p);
    if (err)
        return err;
    if (!uparam)
        return -EINVAL;
    return copy_to_user(uparam, &p->sched_prio, sizeof(int));
}

/* The process and priority of a sched_set* call, checked in Linux's order. */
static int param_in(int pid, const int *uparam, struct process **p, int *prio)
{
    if (!uparam || pid < 0)
        return -EINVAL;
    if (copy_from_user(prio, uparam, sizeof(*prio)))
        return -EFAULT;
    return find(pid, p);
}

long sys_sched_setscheduler(int pid, int policy, const int *uparam)
{
    struct process *p;
    int prio;
    int err = param_in(pid, uparam, &p, &prio);
    if (err)
        return err;
    policy &= ~SCHED_RESET_ON_FORK;
    if (!valid(policy, prio))
        return -EINVAL;
    if (policy == SCHED_FIFO || policy == SCHED_RR) {
        if (p->cred.euid != 0)
            return -EPERM;
    }
    p->sched_policy = policy;
    p->sched_prio = prio;
    return 0;
}

long sys_sched_setparam(int pid, const int *uparam)
{
    struct process *p;
    int prio;
    int err = param_in(pid, uparam, &p, &prio);
    if (err)
        return err;
    if (!valid(p->sched_policy, prio))
        return -EINVAL;
    p->sched_prio = prio;
    return 0;
}

long sys_sched_get_priority_max(int policy)
{
    if (policy == SCHED_FIFO || policy == SCHED_RR)
        return 99;
    if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
        return 0;
    return -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
    if (policy == SCHED_FIFO || policy == SCHED_RR)
        return 1;
    if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
        return 0;
    return -EINVAL;
}

long sys_sched_rr_get_interval(int pid, struct timespec64 *uts)
{
    struct process *p;
    int err = find(pid, &p);
    if (err)
        return err;
    struct timespec64 ts = {0, p->sched_policy == SCHED_RR ? 100000000 : 0};
    return copy_to_user(uts, &ts, sizeof(ts));
}
