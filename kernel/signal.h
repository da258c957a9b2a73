/* kernel/signal.h: signal state and delivery. */
#ifndef KILN_KERNEL_SIGNAL_H
#define KILN_KERNEL_SIGNAL_H

#include "arch/x86_64/cpu.h"
#include "include/linux/signal.h"

/* A fault in the program (from trap_handle): deliver sig.  Until handlers
 * can run, this takes the default action: a one-line message and exit with
 * 128 + sig, as a shell would report it. */
void signal_fault(struct regs *r, int sig, int code, uint64_t addr);

/* Send sig to the (single) process: default action, ignore, or mark it
 * pending.  Returns 0. */
int signal_send(int sig, int code);
/* Is sig's default action to ignore it? */
int signal_default_ignored(int sig);
extern uint64_t signal_pending; /* process-wide pending set, bit sig-1 */

#endif
