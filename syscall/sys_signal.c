/* syscall/sys_signal.c: signal actions, masks and sending. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "syscall/uaccess.h"

#define UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

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
        sa.mask &= ~UNBLOCKABLE;
        p->sigactions[sig - 1] = sa;
        if (sa.handler == SIG_IGN ||
            (sa.handler == SIG_DFL && signal_default_ignored(sig)))
            signal_pending &= ~(1ull << (sig - 1)); /* POSIX: discard pending */
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
    set &= ~UNBLOCKABLE;
    if (how == SIG_BLOCK)
        t->sigmask |= set;
    else if (how == SIG_UNBLOCK)
        t->sigmask &= ~set;
    else
        t->sigmask = set;
    /* a pending signal with the default action fires once unblocked */
    uint64_t fire = signal_pending & ~t->sigmask;
    for (int sig = 1; fire && sig <= NSIG; sig++) {
        uint64_t bit = 1ull << (sig - 1);
        if ((fire & bit) && t->proc->sigactions[sig - 1].handler == SIG_DFL) {
            signal_pending &= ~bit;
            signal_send(sig, SI_USER);
        }
    }
    return 0;
}

long sys_rt_sigpending(uint64_t *uset, uint64_t setsize)
{
    uint64_t set = signal_pending & current()->sigmask;
    if (setsize > 8)
        return -EINVAL;
    return copy_to_user(uset, &set, setsize);
}

struct stack_t {
    uint64_t sp;
    int flags;
    int pad;
    uint64_t size;
};

long sys_sigaltstack(const struct stack_t *unew, struct stack_t *uold)
{
    static struct stack_t cur = {0, 2 /* SS_DISABLE */, 0, 0};
    struct stack_t n;
    if (unew && copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (uold && copy_to_user(uold, &cur, sizeof(cur)))
        return -EFAULT;
    if (unew) {
        if (n.flags & ~(2 | (1 << 31)))
            return -EINVAL;
        if (!(n.flags & 2) && n.size < 2048)
            return -ENOMEM;
        cur = n;
        if (n.flags & 2)
            cur.sp = cur.size = 0;
    }
    return 0;
}

static long send(int sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (sig == 0)
        return 0;
    return signal_send(sig, SI_USER);
}

long sys_kill(int pid, int sig)
{
    int self = current()->proc->pid;
    if (pid != self && pid != 0 && pid != -1 && pid != -self)
        return sig < 0 || sig > NSIG ? -EINVAL : -ESRCH;
    return send(sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    if (tgid != current()->proc->pid || tid != current()->tid)
        return sig < 0 || sig > NSIG ? -EINVAL : -ESRCH;
    return send(sig);
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0)
        return -EINVAL;
    if (tid != current()->tid)
        return -ESRCH;
    return send(sig);
}
