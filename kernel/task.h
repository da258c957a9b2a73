/* kernel/task.h: processes (address space, files, cwd, handlers) and tasks
 * (threads).  One process for now (fork comes later), any number of tasks.
 *
 * A task's kernel stack holds, at its top, the user registers saved on
 * entry (task->uregs); while the task is switched out, task->ksp points at
 * its callee-saved registers below that (arch/x86_64/switch.S).
 */
#ifndef KILN_KERNEL_TASK_H
#define KILN_KERNEL_TASK_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "include/linux/signal.h"
#include "lib/list.h"

struct mm;
struct ktimer;
struct fdtable;
struct inode;

#define RLIMIT_NLIMITS 16
struct rlimit64 {
    uint64_t cur, max;
};

#define NGROUPS_MAX 65536
#define CRED_GROUPS 32 /* supplementary groups kept */
struct cred {
    uint32_t uid, euid, suid, fsuid;
    uint32_t gid, egid, sgid, fsgid;
    int ngroups;
    uint32_t groups[CRED_GROUPS];
};

/* Linux's siginfo_t for the fields kiln fills (128 bytes on the wire). */
struct ksiginfo {
    int32_t signo, err, code, pad;
    union {
        struct {
            int32_t pid;
            uint32_t uid;
            uint64_t value; /* sigqueue's sigval */
        } kill;
        struct {
            uint64_t addr;
        } fault;
        uint8_t raw[112];
    };
};

struct process {
    int pid, ppid;
    struct mm *mm;
    struct fdtable *files;
    struct inode *cwd;          /* referenced */
    struct inode *root;         /* referenced */
    uint32_t umask;
    char *exe;                  /* absolute path of the program, for /proc/self/exe */
    char *cmdline;              /* argv joined by NULs, for /proc/self/cmdline */
    size_t cmdline_len;
    char *environ;              /* envp joined the same way, for /proc/self/environ */
    size_t environ_len;
    struct inode *exe_inode;    /* the program's file (not referenced), for maps */
    char comm[16];              /* the name in /proc/self/stat, PR_SET_NAME */
    struct k_sigaction sigactions[NSIG];
    struct rlimit64 rlim[RLIMIT_NLIMITS];
    struct cred cred;
    int sched_policy, sched_prio;
    struct list tasks;          /* struct task.proc_link */
    int nthreads;
    uint64_t sig_pending;       /* process-directed signals (kill) */
    struct ksiginfo sig_info[NSIG];
    struct list rt_queue;       /* queued real-time signals (struct sigqueue) */
    uint64_t dead_runtime_ns;   /* CPU time of threads that have exited */
    struct ktimer *itimer_real; /* alarm/setitimer(ITIMER_REAL) */
    struct list posix_timers;   /* timer_create */
};

struct sigstack {
    uint64_t sp;
    int32_t flags, pad;
    uint64_t size;
};

enum task_state { TASK_RUNNING, TASK_SLEEPING, TASK_DEAD };
enum wake_reason { WAKE_NONE, WAKE_EVENT, WAKE_TIMEOUT, WAKE_SIGNAL };

struct task {
    int tid;
    struct process *proc;
    enum task_state state;
    uint64_t ksp;               /* saved kernel rsp while switched out */
    uint64_t kstack_top;
    void *kstack;               /* vmalloc'd, KSTACK_PAGES */
    struct regs *uregs;         /* user registers, at the top of the kstack */
    struct list run_link;       /* run queue, or a wait queue while asleep */
    struct list proc_link;      /* process->tasks */
    struct list timer_link;     /* sleepers with a deadline */
    uint64_t wake_at;           /* monotonic ns, 0: no deadline */
    enum wake_reason wake_reason;
    void *fpu;                  /* XSAVE/FXSAVE image while switched out */
    void *fpu_raw;              /* its allocation (fpu is 64-byte aligned in it) */
    int interruptible;          /* asleep, and a signal may wake it */
    uint64_t fs_base, gs_base;
    uint64_t sigmask, sig_pending;
    uint64_t saved_mask;        /* mask to restore after sigsuspend's handler */
    int saved_mask_valid;
    struct ksiginfo sig_info[NSIG];
    struct list rt_queue;       /* queued real-time signals (struct sigqueue) */
    struct sigstack altstack;
    uint64_t clear_child_tid;
    uint64_t robust_list, robust_len;
    uint64_t runtime_ns, run_start; /* CPU time: accumulated, and since when */
    uint64_t futex_key;         /* address waited on, while in a futex wait */
    uint32_t futex_bitset;
};

#define KSTACK_PAGES 8

static inline struct task *current(void)
{
    return cpu0.current;
}

/* kernel/exit.c: end the whole program (all tasks) with a wait status;
 * with one process that ends the VM. */
__attribute__((noreturn)) void process_exit(int status);
/* End the calling thread: clear_child_tid, robust futexes; the last thread
 * ends the process with status. */
__attribute__((noreturn)) void task_exit(int status);

/* ---- kernel/task.c ---- */
/* A new task in p with a fresh kernel stack and FPU area; not yet runnable. */
struct task *task_create(struct process *p);
void task_free(struct task *t);
struct task *task_find(struct process *p, int tid); /* a thread of p, or NULL */

/* ---- kernel/sched.c: one CPU, round robin, preempted by the LAPIC timer ---- */
void sched_init(struct task *first);
void sched_add(struct task *t);          /* make a new or woken task runnable */
void schedule(void);                     /* run something else if anything can run */
extern int sched_need_resched;           /* set by the timer: switch at return to user */
/* Sleep until woken or until deadline (monotonic ns; 0: none).  With
 * interruptible, a pending unblocked signal wakes it too.  Returns why. */
enum wake_reason sched_sleep(uint64_t deadline, int interruptible);
void sched_wake(struct task *t, enum wake_reason why);
void sched_timer(void);                  /* from the timer interrupt */
void sched_rearm(void);                  /* a deadline changed: re-arm the LAPIC */
uint64_t task_cputime(struct task *t);   /* ns this task has run */
__attribute__((noreturn)) void sched_exit_current(void); /* the caller is dead */
int sched_nr_running(void);

#endif
