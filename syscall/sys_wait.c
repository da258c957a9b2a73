/* syscall/sys_wait.c: wait4 and waitid; process groups and sessions
 * (setpgid, getpgid, getpgrp, setsid, getsid); getppid. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002 /* also WSTOPPED */
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2

/* Which children a wait selects: by pid (> 0), by group (< 0: -pgid), or
 * any (0); and whether clone children (exit signal other than SIGCHLD)
 * count, as Linux's __WCLONE/__WALL decide. */
static int selects(const struct process *c, int pid, unsigned options)
{
    if (pid > 0 && c->pid != pid)
        return 0;
    if (pid < 0 && c->pgid != -pid)
        return 0;
    if (options & __WALL)
        return 1;
    return !!(options & __WCLONE) == (c->exit_signal != SIGCHLD);
}

/* What a wait reports: the child as it was, and how it changed. */
enum change { ENDED = 1, STOPPED, CONTINUED };

/* Has c a change this wait wants?  Which one; 0 if none. */
static enum change change_of(struct process *c, unsigned options)
{
    if (c->state == PROC_ZOMBIE)
        return (options & WEXITED) ? ENDED : 0;
    if ((options & WUNTRACED) && c->report_stop)
        return STOPPED;
    if ((options & WCONTINUED) && c->report_cont)
        return CONTINUED;
    return 0;
}

/* Wait for a child selected by (pid, options) to end (or stop, or
 * continue, as options ask); fills *out with it (reaped, or its report
 * taken, unless WNOWAIT).  The change (> 0), 0 if none yet with WNOHANG,
 * -ECHILD, -ERESTARTSYS. */
static int wait_child(int pid, unsigned options, struct process *out)
{
    struct process *self = current()->proc;
    for (;;) {
        struct list *it;
        int any = 0;
        list_for_each(it, &self->children)
        {
            struct process *c = list_entry(it, struct process, sibling);
            if (!selects(c, pid, options))
                continue;
            any = 1;
            enum change ch = change_of(c, options);
            if (!ch)
                continue;
            *out = *c;
            if (ch == STOPPED) {
                out->exit_status = (c->stop_sig << 8) | 0x7f;
                if (!(options & WNOWAIT))
                    c->report_stop = 0;
                return ch;
            }
            if (ch == CONTINUED) {
                out->exit_status = 0xffff;
                if (!(options & WNOWAIT))
                    c->report_cont = 0;
                return ch;
            }
            if (!(options & WNOWAIT)) {
                uint64_t ns = c->dead_runtime_ns + c->child_runtime_ns;
                self->child_runtime_ns += ns;
                if (c->maxrss_kb > self->child_maxrss_kb)
                    self->child_maxrss_kb = c->maxrss_kb;
                process_free(c);
            }
            return ch;
        }
        if (!any)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        if (waitq_wait(&self->child_wait, 0) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
}

long sys_wait4(int pid, int *ustatus, unsigned options, void *urusage)
{
    struct process c;
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;
    if (pid == 0)
        pid = -current()->proc->pgid;
    else if (pid == -1)
        pid = 0;
    int r = wait_child(pid, options | WEXITED, &c);
    if (r <= 0)
        return r;
    if (ustatus && copy_to_user(ustatus, &c.exit_status, 4))
        return -EFAULT;
    if (urusage && rusage_to_user(urusage, c.dead_runtime_ns + c.child_runtime_ns, c.maxrss_kb))
        return -EFAULT;
    return c.pid;
}

struct waitid_info {
    int32_t signo, err, code, pad;
    int32_t pid;
    uint32_t uid;
    int32_t status, pad2;
    int64_t utime, stime;
    uint8_t rest[80];
};

long sys_waitid(int idtype, int id, struct waitid_info *uinfo, unsigned options, void *urusage)
{
    struct process c;
    int pid;
    if (options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD |
                    __WALL | __WCLONE))
        return -EINVAL;
    if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
        return -EINVAL;
    switch (idtype) {
    case P_ALL:
        pid = 0;
        break;
    case P_PID:
        if (id <= 0)
            return -EINVAL;
        pid = id;
        break;
    case P_PGID:
        if (id < 0)
            return -EINVAL;
        pid = -(id ? id : current()->proc->pgid);
        break;
    default:
        return -EINVAL;
    }
    int r = wait_child(pid, options, &c);
    if (r < 0)
        return r;
    struct waitid_info info;
    memset(&info, 0, sizeof(info));
    if (r) {
        int ws = c.exit_status;
        info.signo = SIGCHLD;
        info.pid = c.pid;
        info.uid = c.cred.uid;
        if (r == STOPPED) {
            info.code = 5; /* CLD_STOPPED */
            info.status = c.stop_sig;
        } else if (r == CONTINUED) {
            info.code = 6; /* CLD_CONTINUED */
            info.status = SIGCONT;
        } else {
            info.code = (ws & 0x7f) == 0 ? 1 : (ws & 0x80) ? 3 : 2; /* EXITED/DUMPED/KILLED */
            info.status = (ws & 0x7f) ? (ws & 0x7f) : (ws >> 8) & 0xff;
            info.utime = c.dead_runtime_ns / 10000000;
        }
    }
    if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
        return -EFAULT;
    if (r && urusage &&
        rusage_to_user(urusage, c.dead_runtime_ns + c.child_runtime_ns, c.maxrss_kb))
        return -EFAULT;
    return 0;
}

long sys_getppid(void)
{
    return current()->proc->ppid;
}

long sys_getpgrp(void)
{
    return current()->proc->pgid;
}

long sys_getpgid(int pid)
{
    struct process *p = pid ? process_find(pid) : current()->proc;
    return p ? p->pgid : -ESRCH;
}

long sys_getsid(int pid)
{
    struct process *p = pid ? process_find(pid) : current()->proc;
    return p ? p->sid : -ESRCH;
}

/* setpgid(2): the caller or one of its children (not after it exec'd: not
 * tracked, so allowed), into its own group or an existing group of the
 * same session; never a session leader. */
long sys_setpgid(int pid, int pgid)
{
    struct process *self = current()->proc, *p;
    if (pgid < 0)
        return -EINVAL;
    p = pid ? process_find(pid) : self;
    if (!p || (p != self && p->parent != self))
        return -ESRCH;
    if (p != self && p->sid != self->sid)
        return -EPERM;
    if (p != self && p->did_exec)
        return -EACCES;
    if (!pgid)
        pgid = p->pid;
    if (p->sid == p->pid)
        return -EPERM; /* a session leader */
    if (pgid != p->pid && !process_group_exists(pgid, self->sid))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_setsid(void)
{
    struct process *self = current()->proc;
    struct list *it;
    /* not if a process group with the caller's pid exists (it leads one) */
    list_for_each(it, &all_processes)
    {
        if (list_entry(it, struct process, all_link)->pgid == self->pid)
            return -EPERM;
    }
    self->sid = self->pgid = self->pid;
    return self->sid;
}
