/* kernel/jobctl.c: job control for the console terminal.
 *
 * The terminal starts as the controlling terminal of session 1 (the
 * program kiln started leads it) with process group 1 in the foreground.
 * Shells move the foreground with tcsetpgrp; typed signal characters go to
 * the foreground group.  Stopping is not implemented: SIGTSTP, SIGTTIN and
 * SIGTTOU take their default action of doing nothing here.
 */
#include "kernel/jobctl.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "syscall/uaccess.h"

#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

static int tty_sid = 1, tty_pgrp = 1; /* tty_sid 0: no session */

int signal_send_group(int pgid, int sig, const struct ksiginfo *info)
{
    struct list *it, *n;
    int found = 0;
    list_for_each_safe(it, n, &all_processes)
    {
        struct process *p = list_entry(it, struct process, all_link);
        if (p->pgid != pgid)
            continue;
        found = 1;
        if (sig && p->state == PROC_ALIVE)
            signal_send_process(p, sig, info);
    }
    return found ? 0 : -ESRCH;
}

long jobctl_ioctl(unsigned cmd, uint64_t arg)
{
    struct process *self = current()->proc;
    int v;
    if (cmd == TIOCSCTTY) {
        /* a session leader without a terminal takes it (root may steal it) */
        if (self->sid != self->pid)
            return self->sid == tty_sid ? 0 : -EPERM;
        tty_sid = self->sid;
        tty_pgrp = self->pgid;
        return 0;
    }
    if (!tty_sid || self->sid != tty_sid)
        return -ENOTTY; /* not our controlling terminal */
    switch (cmd) {
    case TIOCGPGRP:
        return copy_to_user((void *)arg, &tty_pgrp, sizeof(int)) ? -EFAULT : 0;
    case TIOCGSID:
        return copy_to_user((void *)arg, &tty_sid, sizeof(int)) ? -EFAULT : 0;
    case TIOCSPGRP:
        if (copy_from_user(&v, (const void *)arg, sizeof(int)))
            return -EFAULT;
        if (v < 0)
            return -EINVAL;
        if (!process_group_exists(v, tty_sid)) {
            struct list *it;
            list_for_each(it, &all_processes)
            {
                struct process *p = list_entry(it, struct process, all_link);
                if (p->pgid == v)
                    return -EPERM; /* a group, but of another session */
            }
            return -ESRCH;
        }
        tty_pgrp = v;
        return 0;
    case TIOCNOTTY:
        if (self->sid == self->pid)
            jobctl_exit(self); /* the leader lets go: as if it ended */
        return 0;
    default:
        return -ENOTTY;
    }
}

void jobctl_signal_fg(int sig)
{
    if (tty_sid)
        signal_send_group(tty_pgrp, sig, 0);
}

void jobctl_exit(struct process *p)
{
    if (!tty_sid || p->pid != tty_sid)
        return;
    signal_send_group(tty_pgrp, SIGHUP, 0);
    signal_send_group(tty_pgrp, SIGCONT, 0);
    tty_sid = 0;
}
