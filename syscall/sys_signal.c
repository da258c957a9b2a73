/* syscall/sys_signal.c: signal actions, masks, sending and waiting. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/jobctl.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

long sys_rt_sigaction(int sig, const struct k_sigaction *unew, struct k_sigaction *uold,
                      uint64_t setsize)
{
    struct process *p = current()->proc;
    struct k_sigaction sa;
    if (setsize != 8)
        return -EINVAL;
    if (sig < 1 || sig > NSIG)
        return -EINVAL;
    if (unew && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    if (unew && copy_from_user(&sa, unew, sizeof(sa)))
        return -EFAULT;
    if (uold && copy_to_user(uold, &p->sigactions[sig - 1], sizeof(sa)))
        return -EFAULT;
    if (unew) {
        sa.mask &= ~SIG_UNBLOCKABLE;
        p->sigactions[sig - 1] = sa;
        if (sa.handler == SIG_IGN || (sa.handler == SIG_DFL && signal_default_ignored(sig))) {
            /* POSIX: setting a signal to ignored discards it if pending */
            p->sig_pending &= ~SIG_BIT(sig);
            struct list *it;
            list_for_each(it, &p->tasks) list_entry(it, struct task, proc_link)->sig_pending &=
                ~SIG_BIT(sig);
        }
    }
    return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t *unew, uint64_t *uold, uint64_t setsize)
{
    struct task *t = current();
    uint64_t set;
    if (setsize != 8)
        return -EINVAL;
    if (unew && copy_from_user(&set, unew, 8))
        return -EFAULT;
    if (unew && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
        return -EINVAL;
    if (uold && copy_to_user(uold, &t->sigmask, 8))
        return -EFAULT;
    if (!unew)
        return 0;
    if (how == SIG_BLOCK)
        t->sigmask |= set;
    else if (how == SIG_UNBLOCK)
        t->sigmask &= ~set;
    else
        t->sigmask = set;
    t->sigmask &= ~SIG_UNBLOCKABLE;
    return 0; /* newly unblocked signals are delivered on the way out */
}

long sys_rt_sigpending(uint64_t *uset, uint64_t setsize)
{
    struct task *t = current();
    uint64_t set = (t->sig_pending | t->proc->sig_pending) & t->sigmask;
    if (setsize > 8)
        return -EINVAL;
    return copy_to_user(uset, &set, setsize);
}

long sys_rt_sigreturn(void)
{
    struct regs *r = syscall_regs();
    long ret = signal_sigreturn(r);
    if (ret == -EFAULT && r->vector == VECTOR_SYSCALL) {
        /* a broken frame: Linux kills with SIGSEGV */
        signal_fault(r, SIGSEGV, SI_KERNEL, 0);
    }
    return ret;
}

long sys_sigaltstack(const struct sigstack *unew, struct sigstack *uold)
{
    struct task *t = current();
    struct sigstack n, cur = t->altstack;
    uint64_t sp = syscall_regs()->rsp;
    int on = !(cur.flags & 2) && sp - cur.sp <= cur.size;
    if (unew && copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (uold) {
        struct sigstack o = cur;
        o.flags = (cur.flags & 2) ? 2 : on ? 1 : 0;
        if (o.flags & 2)
            o.sp = o.size = 0;
        if (copy_to_user(uold, &o, sizeof(o)))
            return -EFAULT;
    }
    if (unew) {
        if (on)
            return -EPERM;
        if (n.flags & ~(2 | (1 << 31)))
            return -EINVAL;
        if (!(n.flags & 2) && n.size < 2048)
            return -ENOMEM;
        t->altstack = n;
        t->altstack.flags &= 2;
        if (n.flags & 2)
            t->altstack.sp = t->altstack.size = 0;
    }
    return 0;
}

static void kill_info(struct ksiginfo *info, int sig, int code)
{
    memset(info, 0, sizeof(*info));
    info->signo = sig;
    info->code = code;
    info->kill.pid = current()->proc->pid;
    info->kill.uid = current()->proc->cred.uid;
}

/* kill(2): one process (a zombie too: it still exists), a process group
 * (0: the caller's), or every process but pid 1 and the caller (-1).
 * Everyone runs as root here: no EPERM. */
long sys_kill(int pid, int sig)
{
    struct process *self = current()->proc, *p;
    struct ksiginfo info;
    struct list *it, *n;
    int found = 0;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;
    kill_info(&info, sig, SI_USER);
    if (pid > 0) {
        p = process_find(pid);
        if (!p)
            return -ESRCH;
        if (sig)
            signal_send_process(p, sig, &info);
        return 0;
    }
    if (pid != -1)
        return signal_send_group(pid == 0 ? self->pgid : -pid, sig, &info);
    list_for_each_safe(it, n, &all_processes)
    {
        p = list_entry(it, struct process, all_link);
        if (p->pid == 1 || p == self || p->state != PROC_ALIVE)
            continue;
        found = 1;
        if (sig)
            signal_send_process(p, sig, &info);
    }
    return found ? 0 : -ESRCH;
}

static long send_thread(int tgid, int tid, int sig, const struct ksiginfo *given)
{
    struct ksiginfo info;
    if (tid <= 0 || (tgid != -1 && tgid <= 0))
        return -EINVAL;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    struct task *t = task_find_any(tid);
    if (!t || (tgid != -1 && tgid != t->proc->pid))
        return -ESRCH;
    if (given && t->proc != current()->proc && (given->code >= 0 || given->code == SI_TKILL))
        return -EPERM; /* forged si_code towards another process */
    if (!sig)
        return 0;
    if (given)
        info = *given;
    else
        kill_info(&info, sig, SI_TKILL);
    signal_send_task(t, sig, &info);
    return 0;
}

long sys_tgkill(int tgid, int tid, int sig)
{
    return send_thread(tgid, tid, sig, 0);
}

long sys_tkill(int tid, int sig)
{
    return send_thread(-1, tid, sig, 0);
}

static long queue_info(int sig, const void *uinfo, struct ksiginfo *info)
{
    if (copy_from_user(info, uinfo, sizeof(*info)))
        return -EFAULT;
    info->signo = sig;
    return 0;
}

long sys_rt_sigqueueinfo(int pid, int sig, const void *uinfo)
{
    struct ksiginfo info;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    long err = queue_info(sig, uinfo, &info);
    if (err)
        return err;
    struct process *p = process_find(pid);
    if (!p)
        return -ESRCH;
    if (p != current()->proc && (info.code >= 0 || info.code == SI_TKILL))
        return -EPERM; /* forged si_code towards another process */
    if (sig)
        signal_send_process(p, sig, &info);
    return 0;
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const void *uinfo)
{
    struct ksiginfo info;
    long err = queue_info(sig, uinfo, &info);
    return err ? err : send_thread(tgid, tid, sig, &info);
}

long sys_rt_sigsuspend(const uint64_t *umask, uint64_t setsize)
{
    struct task *t = current();
    uint64_t mask;
    if (setsize != 8)
        return -EINVAL;
    if (copy_from_user(&mask, umask, 8))
        return -EFAULT;
    t->saved_mask = t->sigmask;
    t->saved_mask_valid = 1;
    t->sigmask = mask & ~SIG_UNBLOCKABLE;
    while (!signal_pending_for(t))
        sched_sleep(0, 1);
    return -ERESTARTNOHAND; /* -EINTR once the handler has run */
}

long sys_rt_sigtimedwait(const uint64_t *uset, void *uinfo, const struct timespec64 *uts,
                         uint64_t setsize)
{
    struct task *t = current();
    struct ksiginfo info;
    uint64_t set, deadline = 0;
    if (setsize != 8)
        return -EINVAL;
    if (copy_from_user(&set, uset, 8))
        return -EFAULT;
    set &= ~SIG_UNBLOCKABLE;
    if (uts) {
        struct timespec64 ts;
        if (copy_from_user(&ts, uts, sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec > 999999999)
            return -EINVAL;
        deadline = time_mono_ns() + ts.tv_sec * 1000000000ull + ts.tv_nsec;
        if (!deadline)
            deadline = 1;
    }
    int sig = signal_dequeue(set, &info);
    while (!sig) {
        if (uts && time_mono_ns() >= deadline)
            return -EAGAIN;
        /* let the awaited signals wake us even though they are blocked */
        uint64_t blocked = t->sigmask;
        t->sigmask &= ~set;
        enum wake_reason why = sched_sleep(deadline, 1);
        t->sigmask = blocked;
        sig = signal_dequeue(set, &info);
        if (sig)
            break;
        if (why == WAKE_TIMEOUT)
            return -EAGAIN;
        if (signal_pending_for(t))
            return -EINTR;
    }
    if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
        return -EFAULT;
    return sig;
}

long sys_pause(void)
{
    struct task *t = current();
    while (!signal_pending_for(t))
        sched_sleep(0, 1);
    return -ERESTARTNOHAND;
}
