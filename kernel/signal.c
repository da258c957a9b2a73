/* kernel/signal.c: sending, pending sets and delivery.
 *
 * Each thread has its own pending set and each process one more for signals
 * sent to the process as a whole; standard signals do not queue (one
 * siginfo per number).  Delivery happens on the way back to user mode:
 * default actions are taken here, handlers get a Linux-layout frame
 * (arch/x86_64/sigframe.c).
 */
#include "kernel/signal.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "vfs/poll.h"

int signal_default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static int default_stops(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static int is_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

static const char *fault_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "segmentation fault";
    case SIGBUS:
        return "bus error";
    case SIGILL:
        return "illegal instruction";
    case SIGFPE:
        return "floating point exception";
    default:
        return "trace/breakpoint trap";
    }
}

static void fill_info(struct ksiginfo *dst, int sig, const struct ksiginfo *info);

/* Real-time signals (32 and up) queue: each send is delivered once, in
 * order, with its own siginfo.  Standard signals keep one pending instance. */
#define SIGRTMIN_K 32
#define RT_QUEUE_MAX 1024

struct sigqueue {
    struct list link;
    struct ksiginfo info;
};

static int rt_queued;

static int queue(struct list *q, uint64_t *pending, struct ksiginfo *slots, int sig,
                 const struct ksiginfo *info)
{
    if (sig < SIGRTMIN_K) {
        if (!(*pending & SIG_BIT(sig)))
            fill_info(&slots[sig - 1], sig, info);
        *pending |= SIG_BIT(sig);
        return 0;
    }
    if (rt_queued >= RT_QUEUE_MAX)
        return -EAGAIN;
    struct sigqueue *e = kmalloc(sizeof(*e));
    if (!e)
        return -EAGAIN;
    fill_info(&e->info, sig, info);
    list_add_tail(q, &e->link);
    rt_queued++;
    *pending |= SIG_BIT(sig);
    return 0;
}

/* Take sig's next instance from a queue; 1 if found. */
static int unqueue(struct list *q, uint64_t *pending, struct ksiginfo *slots, int sig,
                   struct ksiginfo *info)
{
    if (!(*pending & SIG_BIT(sig)))
        return 0;
    if (sig < SIGRTMIN_K) {
        *pending &= ~SIG_BIT(sig);
        *info = slots[sig - 1];
        return 1;
    }
    struct list *it;
    int found = 0, more = 0;
    list_for_each(it, q)
    {
        struct sigqueue *e = list_entry(it, struct sigqueue, link);
        if (e->info.signo != sig)
            continue;
        if (found) {
            more = 1;
            break;
        }
        *info = e->info;
        found = 1;
        it = it->prev;
        list_del(&e->link);
        kfree(e);
        rt_queued--;
    }
    if (!more)
        *pending &= ~SIG_BIT(sig);
    return found;
}

int signal_pending_for(struct task *t)
{
    return ((t->sig_pending | t->proc->sig_pending) & ~t->sigmask) != 0 || t->killed;
}

/* Ignored now, and not worth keeping: dropped at send time, as Linux. */
static int ignored(struct task *t, int sig)
{
    uint64_t h = t->proc->sigactions[sig - 1].handler;
    if (t->sigmask & SIG_BIT(sig))
        return 0;
    return h == SIG_IGN || (h == SIG_DFL && signal_default_ignored(sig));
}

#define STOP_SIGS (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

/* Drop pending signals of mask everywhere in p. */
static void discard(struct process *p, uint64_t mask)
{
    struct list *it;
    p->sig_pending &= ~mask;
    list_for_each(it, &p->tasks) list_entry(it, struct task, proc_link)->sig_pending &= ~mask;
}

/* Sending a stop signal cancels a pending SIGCONT, and SIGCONT cancels
 * pending stop signals and resumes a stopped process - at send time, even
 * if SIGCONT is blocked or ignored, as Linux's prepare_signal. */
static void stop_or_continue(struct process *p, int sig)
{
    if (STOP_SIGS & SIG_BIT(sig)) {
        discard(p, SIG_BIT(SIGCONT));
        return;
    }
    if (sig != SIGCONT)
        return;
    discard(p, STOP_SIGS);
    if (!p->stopped)
        return;
    p->stopped = 0;
    p->report_stop = 0;
    p->report_cont = 1;
    struct list *it;
    list_for_each(it, &p->tasks)
    {
        struct task *t = list_entry(it, struct task, proc_link);
        if (t->in_stop)
            sched_wake(t, WAKE_EVENT);
    }
    process_notify_stop(p, 1);
}

/* A stop signal's default action, in the thread that took it: the whole
 * process stops (its other threads on their way to user) until SIGCONT or
 * SIGKILL. */
static void do_stop(struct task *t, int sig)
{
    struct process *p = t->proc;
    if (p->pid == 1)
        return; /* like a container's init: a stopped pid 1 would stop the VM */
    if (!p->stopped) {
        p->stopped = 1;
        p->stop_sig = sig;
        p->report_stop = 1;
        p->report_cont = 0;
        process_notify_stop(p, 0);
    }
}

static void stop_wait(struct task *t)
{
    while (t->proc->stopped && !t->killed) {
        t->in_stop = 1;
        sched_sleep(0, 0); /* woken by SIGCONT or SIGKILL only */
        t->in_stop = 0;
    }
}

static void fill_info(struct ksiginfo *dst, int sig, const struct ksiginfo *info)
{
    if (info) {
        *dst = *info;
    } else {
        memset(dst, 0, sizeof(*dst));
        dst->code = SI_USER;
        dst->kill.pid = current() ? current()->proc->pid : 0;
    }
    dst->signo = sig;
}

static void wake_for(struct task *t, int sig)
{
    if (t->state == TASK_SLEEPING && t->interruptible && !(t->sigmask & SIG_BIT(sig)))
        sched_wake(t, WAKE_SIGNAL);
}

void signal_send_task(struct task *t, int sig, const struct ksiginfo *info)
{
    if (sig == SIGKILL) {
        process_kill(t->proc, SIGKILL); /* the caller's own thread dies on its way out */
        return;
    }
    stop_or_continue(t->proc, sig);
    if (ignored(t, sig))
        return;
    queue(&t->rt_queue, &t->sig_pending, t->sig_info, sig, info);
    wake_for(t, sig);
    vfs_poll_notify(0); /* signalfd readers and pollers */
}

/* A process-directed signal goes to one thread that does not block it:
 * the main thread first, as Linux's complete_signal prefers it, then the
 * sender, then any.  Blocked everywhere, it waits in the process's set. */
void signal_send_process(struct process *p, int sig, const struct ksiginfo *info)
{
    struct task *cur = current();
    if (p->state != PROC_ALIVE || list_empty(&p->tasks))
        return;
    struct task *leader = list_entry(p->tasks.next, struct task, proc_link), *target = 0;
    if (sig == SIGKILL) {
        process_kill(p, SIGKILL);
        return;
    }
    stop_or_continue(p, sig);
    if (ignored(leader, sig))
        return;
    if (!(leader->sigmask & SIG_BIT(sig)))
        target = leader;
    else if (cur && cur->proc == p && !(cur->sigmask & SIG_BIT(sig)))
        target = cur;
    else {
        struct list *it;
        list_for_each(it, &p->tasks)
        {
            struct task *t = list_entry(it, struct task, proc_link);
            if (!(t->sigmask & SIG_BIT(sig))) {
                target = t;
                break;
            }
        }
    }
    if (target) {
        signal_send_task(target, sig, info);
        return;
    }
    queue(&p->rt_queue, &p->sig_pending, p->sig_info, sig, info);
    vfs_poll_notify(0);
}

/* Linux's next_signal: synchronous (fault) signals first, then the lowest. */
static int next_signal(uint64_t pending)
{
    const uint64_t sync = SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) |
                          SIG_BIT(SIGTRAP) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSYS);
    uint64_t m = (pending & sync) ? pending & sync : pending;
    return m ? __builtin_ctzll(m) + 1 : 0;
}

int signal_dequeue(uint64_t set, struct ksiginfo *info)
{
    /* the thread's own signals before the process's, as Linux */
    struct task *t = current();
    struct process *p = t->proc;
    int sig = next_signal(t->sig_pending & set);
    if (sig && unqueue(&t->rt_queue, &t->sig_pending, t->sig_info, sig, info))
        return sig;
    sig = next_signal(p->sig_pending & set);
    if (sig && unqueue(&p->rt_queue, &p->sig_pending, p->sig_info, sig, info))
        return sig;
    return 0;
}

static int dumps_core(int sig)
{
    return is_fault(sig) || sig == SIGQUIT || sig == SIGABRT || sig == SIGSYS ||
           sig == SIGXCPU || sig == SIGXFSZ;
}

/* The default action of a fatal signal: the process ends with the signal
 * as its wait status (pid 1's becomes 128 + sig, as a shell reports it).
 * No core is written; the core flag is set, as Linux's is, when the
 * signal dumps core and RLIMIT_CORE allows it. */
static void die(int sig, const struct ksiginfo *info, const struct regs *r)
{
    struct process *p = current()->proc;
    if (is_fault(sig) && info->code > 0 && p->pid == 1) {
        /* the program kiln started; a child's parent learns it from wait */
        kprintf("kiln: %s at 0x%lx (rip 0x%lx)\n", fault_name(sig), info->fault.addr, r->rip);
        if (console_verbose)
            trap_dump(r);
    }
    process_exit(sig | (dumps_core(sig) && p->rlim[4].cur ? 0x80 : 0));
}

void signal_flush_process(struct process *p)
{
    struct list *it, *n;
    list_for_each_safe(it, n, &p->rt_queue)
    {
        list_del(it);
        kfree(list_entry(it, struct sigqueue, link));
        rt_queued--;
    }
    p->sig_pending = 0;
}

/* Apply the restart rules to a syscall interrupted by a signal. */
static void syscall_restart(struct regs *r, int handled, uint64_t sa_flags)
{
    if (r->vector != VECTOR_SYSCALL)
        return;
    long ret = r->rax;
    if (ret != -ERESTARTSYS && ret != -ERESTARTNOINTR && ret != -ERESTARTNOHAND)
        return;
    int restart = !handled || ret == -ERESTARTNOINTR ||
                  (ret == -ERESTARTSYS && (sa_flags & SA_RESTART));
    if (restart) {
        r->rax = r->error; /* the syscall number again */
        r->rip -= 2;       /* back onto the syscall instruction */
    } else {
        r->rax = -EINTR;
    }
}

void signal_return_to_user(struct regs *r)
{
    struct task *t = current();
    int handled = 0;
    for (;;) {
        if (sched_need_resched)
            schedule();
        if (t->killed) /* exit_group, SIGKILL, or another thread's execve */
            task_exit(t->proc->exiting ? t->proc->exit_status : 0);
        if (t->proc->stopped) {
            stop_wait(t);
            continue;
        }
        struct ksiginfo info;
        int sig = signal_dequeue(~t->sigmask, &info);
        if (!sig)
            break;
        struct k_sigaction *sa = &t->proc->sigactions[sig - 1];
        if (sa->handler == SIG_IGN)
            continue;
        if (sa->handler == SIG_DFL) {
            if (signal_default_ignored(sig))
                continue;
            if (default_stops(sig)) {
                do_stop(t, sig);
                continue;
            }
            die(sig, &info, r);
        }
        uint64_t flags = sa->flags;
        syscall_restart(r, 1, flags);
        uint64_t old = t->saved_mask_valid ? t->saved_mask : t->sigmask;
        t->saved_mask_valid = 0;
        if (sigframe_setup(r, sig, &info, sa, old)) {
            /* no room for the frame: Linux forces SIGSEGV */
            info.code = SI_KERNEL;
            info.fault.addr = 0;
            die(SIGSEGV, &info, r);
        }
        t->sigmask = (old | sa->mask | ((flags & SA_NODEFER) ? 0 : SIG_BIT(sig))) &
                     ~SIG_UNBLOCKABLE;
        if (flags & SA_RESETHAND) {
            sa->handler = SIG_DFL;
            sa->flags &= ~SA_SIGINFO;
        }
        /* As Linux: more deliverable signals stack their frames on top of
         * this one (so the last set up runs first); the restart rules were
         * for the first only. */
        r->vector = 0;
        handled = 1;
        continue;
    }
    if (handled)
        return;
    syscall_restart(r, 0, 0);
    if (t->saved_mask_valid) {
        t->sigmask = t->saved_mask;
        t->saved_mask_valid = 0;
    }
}

void signal_fault(struct regs *r, int sig, int code, uint64_t addr)
{
    struct task *t = current();
    struct k_sigaction *sa = &t->proc->sigactions[sig - 1];
    struct ksiginfo info;
    memset(&info, 0, sizeof(info));
    info.signo = sig;
    info.code = code ? code : SI_KERNEL;
    info.fault.addr = addr;
    /* Linux's force_sig: a blocked or ignored fault signal kills */
    if ((t->sigmask & SIG_BIT(sig)) || sa->handler == SIG_IGN) {
        sa->handler = SIG_DFL;
        t->sigmask &= ~SIG_BIT(sig);
    }
    if (sa->handler == SIG_DFL)
        die(sig, &info, r);
    t->sig_info[sig - 1] = info;
    t->sig_pending |= SIG_BIT(sig);
    signal_return_to_user(r);
}
