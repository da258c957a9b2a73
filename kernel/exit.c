/* kernel/exit.c: ending threads and processes.  A process ends when its
 * last thread does; exit_group and fatal signals make every thread die
 * marked killed (task->killed).  The end of pid 1 is the end of the VM: its wait
 * status becomes the exit status a shell would show. */
#include "kernel/task.h"
#include "kernel/console.h"
#include "kernel/futex.h"
#include "kernel/signal.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

static __attribute__((noreturn)) void vm_exit(int wstatus)
{
    int sig = wstatus & 0x7f;
    klog("kiln: exit: %lu page faults\n", mm_fault_count);
    console_exit(sig ? 128 + sig : (wstatus >> 8) & 0xff);
}

void process_kill(struct process *p, int status)
{
    if (!p->exiting) {
        p->exiting = 1;
        p->exit_status = status;
    }
    struct list *it;
    list_for_each(it, &p->tasks)
    {
        struct task *t = list_entry(it, struct task, proc_link);
        t->killed = 1;
        if (t->state == TASK_SLEEPING)
            sched_wake(t, WAKE_SIGNAL);
    }
}

void process_exit(int wstatus)
{
    struct process *p = current()->proc;
    if (p->pid == 1)
        vm_exit(p->exiting ? p->exit_status : wstatus); /* the others die with the VM */
    process_kill(p, wstatus);
    task_exit(p->exit_status);
}

void task_exit(int wstatus)
{
    struct task *t = current();
    struct process *p = t->proc;
    if (t->clear_child_tid) {
        /* CLONE_CHILD_CLEARTID: how pthread_join learns the thread is gone */
        uint32_t zero = 0;
        if (!copy_to_user((void *)t->clear_child_tid, &zero, 4))
            futex_wake(t->clear_child_tid, 1, ~0u);
    }
    futex_exit_robust();
    p->dead_runtime_ns += task_cputime(t);
    list_del(&t->proc_link);
    if (--p->nthreads == 0) {
        if (!p->exiting) {
            p->exiting = 1;
            p->exit_status = wstatus;
        }
        if (p->pid == 1)
            vm_exit(p->exit_status);
        process_zombie(p);
    }
    sched_exit_current();
}
