/* kernel/exit.c: ending threads and the program.  With one process, its end
 * is the end of the VM: the wait status becomes the exit status a shell
 * would show. */
#include "kernel/task.h"
#include "kernel/console.h"
#include "kernel/futex.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

void process_exit(int wstatus)
{
    int sig = wstatus & 0x7f;
    klog("kiln: exit: %lu page faults\n", mm_fault_count);
    console_exit(sig ? 128 + sig : (wstatus >> 8) & 0xff);
}

void task_exit(int wstatus)
{
    struct task *t = current();
    if (t->clear_child_tid) {
        /* CLONE_CHILD_CLEARTID: how pthread_join learns the thread is gone */
        uint32_t zero = 0;
        if (!copy_to_user((void *)t->clear_child_tid, &zero, 4))
            futex_wake(t->clear_child_tid, 1, ~0u);
    }
    futex_exit_robust();
    t->proc->dead_runtime_ns += task_cputime(t);
    list_del(&t->proc_link);
    if (--t->proc->nthreads == 0)
        process_exit(wstatus);
    sched_exit_current();
}
