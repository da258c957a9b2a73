/* kernel/task.h: processes (address space, files, cwd, handlers) and tasks
 * (threads).  One process and one task for now; the structures are already
 * split so fork and clone only add code. */
#ifndef KILN_KERNEL_TASK_H
#define KILN_KERNEL_TASK_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "include/linux/signal.h"

struct mm;
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
    struct k_sigaction sigactions[NSIG];
    struct rlimit64 rlim[RLIMIT_NLIMITS];
    struct cred cred;
    int sched_policy, sched_prio;
};

struct task {
    int tid;
    struct process *proc;
    uint64_t kstack_top;
    uint64_t fs_base, gs_base;
    uint64_t sigmask;
    uint64_t clear_child_tid;
    uint64_t robust_list, robust_len;
};

static inline struct task *current(void)
{
    return cpu0.current;
}

/* kernel/exit.c: end the whole program (all tasks) with a wait status;
 * with one process that ends the VM. */
__attribute__((noreturn)) void process_exit(int status);

#endif
