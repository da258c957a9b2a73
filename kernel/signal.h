/* kernel/signal.h: signal sending, pending state and delivery. */
#ifndef KILN_KERNEL_SIGNAL_H
#define KILN_KERNEL_SIGNAL_H

#include "arch/x86_64/cpu.h"
#include "include/linux/signal.h"

struct task;
struct ksiginfo;

#define SIG_BIT(sig) (1ull << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* Kernel-internal syscall returns that never reach the program: the return
 * path restarts the call or turns them into -EINTR (Linux's rules). */
#define ERESTARTSYS 512      /* restart if the handler has SA_RESTART */
#define ERESTARTNOINTR 513   /* always restart */
#define ERESTARTNOHAND 514   /* restart only if no handler ran */

/* A fault in the program (from trap_handle): deliver sig to the current
 * thread now.  Blocked or ignored, it is forced to the default action,
 * which ends the program with a one-line message and 128 + sig. */
void signal_fault(struct regs *r, int sig, int code, uint64_t addr);
/* Queue sig for one thread, or for process p (any thread that does not
 * block it); wakes a thread that can take it.  info may be NULL (SI_USER
 * from the calling process).  SIGKILL kills p's threads (process_kill). */
void signal_send_task(struct task *t, int sig, const struct ksiginfo *info);
struct process;
void signal_send_process(struct process *p, int sig, const struct ksiginfo *info);
/* Does t have a signal pending that it does not block? */
int signal_pending_for(struct task *t);
/* On every return to user: deliver pending signals (building frames on the
 * user stack), apply the restart rules to an interrupted syscall, and
 * switch tasks if the timer asked. */
void signal_return_to_user(struct regs *r);
/* rt_sigreturn: restore *r from the frame at the user stack.  Returns the
 * restored rax, or -EFAULT (the caller then kills the program). */
long signal_sigreturn(struct regs *r);
/* Take the lowest pending signal in set for the current thread (NULL if
 * none); fills *info. */
int signal_dequeue(uint64_t set, struct ksiginfo *info);
int signal_default_ignored(int sig);

/* arch/x86_64/sigframe.c: push a Linux rt_sigframe for sig on the user
 * stack (or the alternate one) and point *r at the handler; `mask` is the
 * mask to restore on sigreturn.  -EFAULT if the stack is bad. */
struct k_sigaction;
int sigframe_setup(struct regs *r, int sig, const struct ksiginfo *info,
                   const struct k_sigaction *sa, uint64_t mask);

#endif
