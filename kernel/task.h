/* kernel/task.h: processes (address space, files, cwd, handlers) and tasks
 * (threads).  A process has one or more tasks; processes form the usual
 * parent/child tree, with process groups and sessions (kernel/process.c).
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
#include "kernel/waitq.h"

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

enum proc_state { PROC_ALIVE, PROC_ZOMBIE };

struct process {
    int pid, ppid;              /* ppid: 0 for pid 1, as a container's init sees */
    int pgid, sid;
    enum proc_state state;
    struct process *parent;     /* NULL for pid 1 */
    struct list children;       /* struct process.sibling */
    struct list sibling;
    struct list all_link;       /* every process, live or zombie */
    struct waitq child_wait;    /* wait4/waitid sleepers: a child changed state */
    int exit_signal;            /* sent to the parent at exit (SIGCHLD, or clone's) */
    int exiting;                /* exit_group or a fatal signal: threads are dying */
    int child_subreaper;        /* PR_SET_CHILD_SUBREAPER: orphans below come here */
    int pdeath_signal;          /* PR_SET_PDEATHSIG: sent when the parent ends */
    int stopped;                /* a stop signal's default action: threads wait for SIGCONT */
    int stop_sig;               /* which one */
    int report_stop, report_cont; /* owed to a wait with WUNTRACED / WCONTINUED */
    int did_exec;               /* setpgid by the parent is refused after it (EACCES) */
    int exit_status;            /* wait status once exiting */
    int vfork_done;             /* the vfork child exec'd or exited */
    struct task *vfork_parent;  /* the task sleeping in vfork, or NULL */
    uint64_t start_ns;          /* monotonic, for /proc/PID/stat */
    uint64_t child_runtime_ns;  /* CPU time of reaped children (RUSAGE_CHILDREN) */
    uint64_t maxrss_kb, child_maxrss_kb;
    struct mm *mm;
    struct fdtable *files;
    struct inode *cwd;          /* referenced */
    struct inode *root;         /* referenced */
    uint32_t umask;
    char *exe;                  /* absolute path of the program, for /proc/self/exe */
    int exe_owned;              /* exe was allocated (not the boot command line's) */
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
    struct ktimer *itimer_cpu[2]; /* setitimer ITIMER_VIRTUAL, ITIMER_PROF */
    struct list posix_timers;   /* timer_create */
    int next_timer_id;
};

struct sigstack {
    uint64_t sp;
    int32_t flags, pad;
    uint64_t size;
};

enum task_state { TASK_RUNNING, TASK_SLEEPING, TASK_DEAD };

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
    int killed;                 /* must die on its way to user (exit_group, SIGKILL, exec) */
    int in_stop;                /* asleep because its process is stopped */
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
    const void *futex_space;    /* with futex_key: its mm, or the inode of a shared mapping */
    uint64_t set_child_tid;     /* CLONE_CHILD_SETTID in a new address space: at first run */
    uint32_t futex_bitset;
    char comm[16];              /* PR_SET_NAME of a thread but the first ("": the process's) */
    int nice;                   /* setpriority(PRIO_PROCESS): -20..19, per thread as Linux */
};

#define KSTACK_PAGES 8

/* t's name: its own (prctl PR_SET_NAME) unless it is the thread group
 * leader, whose name is the process's (set by exec and by its own prctl). */
static inline const char *task_comm(const struct task *t)
{
    return t->tid == t->proc->pid || !t->comm[0] ? t->proc->comm : t->comm;
}

static inline struct task *current(void)
{
    return cpu0.current;
}

/* kernel/exit.c: exit_group: every thread of the calling process dies and
 * the process ends with wait status `status` (a later fatal signal or
 * exit_group does not change it).  The end of pid 1 is the end of the VM. */
__attribute__((noreturn)) void process_exit(int status);
/* End the calling thread: clear_child_tid, robust futexes; the last thread
 * ends the process (zombie for its parent) with status. */
__attribute__((noreturn)) void task_exit(int status);
/* Make every thread of p die (SIGKILL, not maskable) and p end with
 * status; returns (the caller's own thread dies on its way to user). */
void process_kill(struct process *p, int status);

/* ---- kernel/process.c ---- */
extern struct list all_processes;       /* struct process.all_link */
/* A new process, not yet in any list; NULL on ENOMEM. */
struct process *process_alloc(void);
/* Register p with pid, as a child of parent (NULL: none). */
void process_link(struct process *p, struct process *parent);
struct process *process_find(int pid);  /* live or zombie; NULL if none */
struct process *process_init(void);     /* pid 1, or NULL once it is gone */
struct task *task_find_any(int tid);    /* any live thread of any process */
/* The exiting process's last thread is gone: release what it holds, hand
 * its children to pid 1, become a zombie and tell the parent. */
void process_zombie(struct process *p);
/* Free a reaped zombie. */
void process_free(struct process *p);
/* The vfork child p exec'd or ended: its parent may go on. */
void process_vfork_done(struct process *p);
/* syscall/sys_timer.c: disarm and free p's alarm and POSIX timers. */
void process_timers_release(struct process *p);
/* kernel/sched.c: ns p has run, all its threads, live and dead. */
uint64_t process_cputime(struct process *p);
/* syscall/sys_time.c: write a struct rusage with this CPU time and maxrss:
 * 0 or -EFAULT. */
int rusage_to_user(void *u, uint64_t ns, uint64_t maxrss_kb);
/* kernel/signal.c: drop p's queued process-directed signals. */
void signal_flush_process(struct process *p);
/* The process stopped (a stop signal) or continued (SIGCONT): tell the
 * parent (SIGCHLD unless SA_NOCLDSTOP, and its waiters). */
void process_notify_stop(struct process *p, int continued);
/* Does process group pgid exist in session sid (zombies count, as on Linux)? */
int process_group_exists(int pgid, int sid);

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
