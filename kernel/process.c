/* kernel/process.c: the process table: allocation, lookup by pid, the
 * parent/child tree, and the end of a process (zombie, re-parenting to
 * pid 1, SIGCHLD to the parent, reaping).
 *
 * A pid is the tid of the process's first thread; pids and tids come from
 * one counter, as on Linux.  The program kiln starts is pid 1 and is not
 * special for signals (unlike a container's init, it does not ignore
 * signals it has no handler for), so programs behave as they do when
 * started from a shell; orphans are handed to it, and stay zombies unless
 * it waits for them, as on Linux.
 */
#include "kernel/task.h"
#include "include/linux/errno.h"
#include "kernel/jobctl.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "vfs/vfs.h"

struct list all_processes = LIST_INIT(all_processes);

struct process *process_alloc(void)
{
    struct process *p = kzalloc(sizeof(*p));
    if (!p)
        return 0;
    list_init(&p->tasks);
    list_init(&p->rt_queue);
    list_init(&p->posix_timers);
    list_init(&p->children);
    list_init(&p->sibling);
    list_init(&p->all_link);
    waitq_init(&p->child_wait);
    p->exit_signal = SIGCHLD;
    p->start_ns = time_mono_ns();
    return p;
}

void process_link(struct process *p, struct process *parent)
{
    p->parent = parent;
    p->ppid = parent ? parent->pid : 0;
    if (parent)
        list_add_tail(&parent->children, &p->sibling);
    list_add_tail(&all_processes, &p->all_link);
}

struct process *process_find(int pid)
{
    struct list *it;
    if (pid <= 0)
        return 0;
    list_for_each(it, &all_processes)
    {
        struct process *p = list_entry(it, struct process, all_link);
        if (p->pid == pid)
            return p;
    }
    return 0;
}

struct process *process_init(void)
{
    struct process *p = process_find(1);
    return p && p->state == PROC_ALIVE ? p : 0;
}

struct task *task_find_any(int tid)
{
    struct list *it;
    list_for_each(it, &all_processes)
    {
        struct process *p = list_entry(it, struct process, all_link);
        if (p->state != PROC_ALIVE)
            continue;
        struct task *t = task_find(p, tid);
        if (t)
            return t;
    }
    return 0;
}

int process_group_exists(int pgid, int sid)
{
    struct list *it;
    list_for_each(it, &all_processes)
    {
        struct process *p = list_entry(it, struct process, all_link);
        if (p->pgid == pgid && p->sid == sid) /* zombies are still members */
            return 1;
    }
    return 0;
}

/* The child's side of SIGCHLD's siginfo (Linux's layout after the header). */
struct chld_info {
    int32_t pid;
    uint32_t uid;
    int32_t status, pad;
    int64_t utime, stime; /* clock ticks */
};

#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

void process_notify_stop(struct process *p, int continued)
{
    struct process *parent = p->parent;
    if (!parent)
        return;
    if (!(parent->sigactions[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
        struct ksiginfo info;
        struct chld_info *c = (struct chld_info *)&info.kill;
        memset(&info, 0, sizeof(info));
        info.code = continued ? CLD_CONTINUED : CLD_STOPPED;
        c->pid = p->pid;
        c->uid = p->cred.uid;
        c->status = continued ? SIGCONT : p->stop_sig;
        signal_send_process(parent, SIGCHLD, &info);
    }
    waitq_wake_all(&parent->child_wait);
}

static void notify_parent(struct process *p)
{
    struct process *parent = p->parent;
    struct k_sigaction *sa = &parent->sigactions[SIGCHLD - 1];
    int ws = p->exit_status;
    if (p->exit_signal) {
        struct ksiginfo info;
        struct chld_info *c = (struct chld_info *)&info.kill;
        memset(&info, 0, sizeof(info));
        info.code = (ws & 0x7f) == 0 ? CLD_EXITED : (ws & 0x80) ? CLD_DUMPED : CLD_KILLED;
        c->pid = p->pid;
        c->uid = p->cred.uid;
        c->status = (ws & 0x7f) ? (ws & 0x7f) : (ws >> 8) & 0xff;
        c->utime = p->dead_runtime_ns / 10000000; /* USER_HZ 100 */
        signal_send_process(parent, p->exit_signal, &info);
    }
    waitq_wake_all(&parent->child_wait);
    /* SIGCHLD ignored, or SA_NOCLDWAIT: nobody will wait; reap now (Linux) */
    if (p->exit_signal == SIGCHLD && (sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT)))
        process_free(p);
}

void process_vfork_done(struct process *p)
{
    if (!p->vfork_parent)
        return;
    p->vfork_done = 1;
    sched_wake(p->vfork_parent, WAKE_EVENT);
    p->vfork_parent = 0;
}

/* Who adopts p's orphans: the nearest live ancestor that asked to be a
 * subreaper (prctl), else pid 1 (NULL once pid 1 is gone). */
static struct process *reaper_for(struct process *p)
{
    for (struct process *a = p->parent; a; a = a->parent)
        if (a->child_subreaper && a->state == PROC_ALIVE && !a->exiting)
            return a;
    return process_init();
}

void process_zombie(struct process *p)
{
    struct process *init = reaper_for(p);
    struct list *it, *n;

    jobctl_exit(p);
    fdtable_put(p->files);
    p->files = 0;
    process_timers_release(p);
    signal_flush_process(p);
    if (p->cwd)
        inode_put(p->cwd);
    if (p->root)
        inode_put(p->root);
    p->cwd = p->root = 0;
    struct mm *mm = p->mm;
    p->mm = 0;
    if (mm)
        p->maxrss_kb = mm->total_pages * 4; /* KiB mapped: an upper bound */
    if (mm)
        mm_put(mm);
    process_vfork_done(p);

    /* orphans go to their reaper; zombies among them are announced to it */
    list_for_each_safe(it, n, &p->children)
    {
        struct process *c = list_entry(it, struct process, sibling);
        list_del(&c->sibling);
        if (c->pdeath_signal && c->state == PROC_ALIVE)
            signal_send_process(c, c->pdeath_signal, 0);
        c->parent = init;
        c->ppid = init ? init->pid : 0;
        if (init)
            list_add_tail(&init->children, &c->sibling);
        if (c->state == PROC_ZOMBIE) {
            if (init)
                notify_parent(c);
            else
                process_free(c);
        }
    }
    p->state = PROC_ZOMBIE;
    if (p->parent)
        notify_parent(p);
    else
        process_free(p);
}

void process_free(struct process *p)
{
    list_del(&p->sibling);
    list_del(&p->all_link);
    if (p->exe_owned)
        kfree(p->exe);
    kfree(p->cmdline);
    kfree(p->environ);
    kfree(p);
}
