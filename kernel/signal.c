/* kernel/signal.c: signal actions, masks, and delivery of program faults. */
#include "kernel/signal.h"
#include "kernel/console.h"
#include "kernel/task.h"

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
    case SIGTRAP:
        return "trace/breakpoint trap";
    default:
        return "fatal signal";
    }
}

void signal_fault(struct regs *r, int sig, int code, uint64_t addr)
{
    kprintf("kiln: %s at 0x%lx (rip 0x%lx)\n", fault_name(sig), addr, r->rip);
    if (console_verbose)
        trap_dump(r);
    process_exit(sig);
}

uint64_t signal_pending;

int signal_default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

int signal_send(int sig, int code)
{
    struct task *t = current();
    struct k_sigaction *sa = &t->proc->sigactions[sig - 1];
    uint64_t bit = 1ull << (sig - 1);
    if (sig != SIGKILL && sig != SIGSTOP) {
        if (sa->handler == SIG_IGN || (sa->handler == SIG_DFL && signal_default_ignored(sig)))
            return 0;
        if ((t->sigmask & bit) || sa->handler != SIG_DFL) {
            static int warned;
            if (sa->handler != SIG_DFL && !warned++)
                kprintf("kiln: signal handlers do not run yet; signal %d left pending\n", sig);
            signal_pending |= bit;
            return 0;
        }
    }
    if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
        return 0; /* stopping is not supported: nothing would resume us */
    process_exit(sig);
}
