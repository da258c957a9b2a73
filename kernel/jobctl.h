/* kernel/jobctl.h: the console terminal's job control: which session it
 * belongs to (the controlling terminal of pid 1's session at boot), its
 * foreground process group, and signals to whole process groups. */
#ifndef KILN_KERNEL_JOBCTL_H
#define KILN_KERNEL_JOBCTL_H

#include <stdint.h>

struct process;
struct ksiginfo;

/* Send sig to every process of group pgid (zombies count as members, as
 * on Linux, but get nothing); -ESRCH if it has none. */
int signal_send_group(int pgid, int sig, const struct ksiginfo *info);

/* The terminal ioctls, for the calling process: TIOCGPGRP, TIOCSPGRP,
 * TIOCSCTTY, TIOCNOTTY, TIOCGSID.  0 or -errno as Linux (ENOTTY when the
 * terminal is not the caller's controlling terminal). */
long jobctl_ioctl(unsigned cmd, uint64_t arg);
/* A signal character typed on the terminal (Ctrl-C: SIGINT, Ctrl-\:
 * SIGQUIT, Ctrl-Z: SIGTSTP): to the foreground process group. */
void jobctl_signal_fg(int sig);
/* p ends: if it leads the terminal's session, the foreground group gets
 * SIGHUP and SIGCONT and the terminal has no session any more (Linux). */
void jobctl_exit(struct process *p);

#endif
