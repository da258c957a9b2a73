/* kernel/sched.c: the scheduler: one CPU, round robin with a 10 ms slice,
 * tickless.
 *
 * Runnable tasks other than the current one wait in `runq`; sleepers with a
 * deadline are on `timers`.  The LAPIC timer is armed for whichever comes
 * first, the earliest deadline or the end of the slice when someone else
 * is waiting to run; with nothing to run the CPU halts.  The kernel itself
 * is not preemptive (it runs with interrupts off except in the idle halt):
 * a task is switched out only when it sleeps, yields, exits, or when the
 * timer interrupts it in user mode.
 */
#include "kernel/task.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "kernel/console.h"
#include "kernel/ktimer.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define SLICE_NS 10000000ull

void cpu_switch(uint64_t *save_ksp, uint64_t load_ksp);

static struct list runq = LIST_INIT(runq);
static struct list timers = LIST_INIT(timers);
static struct task *dead; /* exited; freed by the next task to run */
static uint64_t slice_end;
static int idling; /* in schedule()'s idle loop: the current task is not running */
int sched_need_resched;

void sched_init(struct task *first)
{
    first->run_start = time_mono_ns();
    cpu0.current = first;
    first->state = TASK_RUNNING;
}

static void arm_timer(void);

void sched_add(struct task *t)
{
    t->state = TASK_RUNNING;
    list_add_tail(&runq, &t->run_link);
    /* someone now waits to run: the current task's slice must end, even if
     * it spins in user mode and no other deadline would interrupt it */
    arm_timer();
}

int sched_nr_running(void)
{
    int n = 1;
    struct list *it;
    list_for_each(it, &runq) n++;
    return n;
}

static void arm_timer(void)
{
    uint64_t deadline = ktimer_next();
    struct list *it;
    list_for_each(it, &timers)
    {
        struct task *t = list_entry(it, struct task, timer_link);
        if (!deadline || t->wake_at < deadline)
            deadline = t->wake_at;
    }
    if (!list_empty(&runq) && (!deadline || slice_end < deadline))
        deadline = slice_end;
    time_arm(deadline);
}

void sched_after_switch(void)
{
    if (dead && dead != current()) {
        task_free(dead);
        dead = 0;
    }
}

/* A new task's first run (switch.S): CLONE_CHILD_SETTID into a new address
 * space can only be written from inside it. */
void sched_first_run(void)
{
    struct task *t = current();
    sched_after_switch();
    if (t->set_child_tid) {
        int tid = t->tid;
        copy_to_user((void *)t->set_child_tid, &tid, 4); /* a bad address: ignored, as Linux */
        t->set_child_tid = 0;
    }
}

static void switch_to(struct task *prev, struct task *next)
{
    uint64_t now = time_mono_ns();
    prev->runtime_ns += now - prev->run_start;
    next->run_start = now;
    if (prev->state != TASK_DEAD)
        fpu_save(prev->fpu);
    cpu0.current = next;
    cpu_set_kstack(next->kstack_top);
    mm_activate(next->proc->mm); /* (prev's process may be gone: it exited) */
    wrmsr(MSR_FS_BASE, next->fs_base);
    wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
    fpu_restore(next->fpu);
    cpu_switch(&prev->ksp, next->ksp);
    sched_after_switch(); /* back in prev, switched to by someone */
}

static void idle(void)
{
    static int warned;
    arm_timer();
    if (list_empty(&timers) && !warned++)
        klog("kiln: every thread is waiting with no deadline\n");
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

void schedule(void)
{
    struct task *prev = current();
    sched_need_resched = 0;
    if (prev->state == TASK_RUNNING) {
        if (list_empty(&runq))
            return;
        list_add_tail(&runq, &prev->run_link);
    }
    if (list_empty(&runq)) {
        /* halted time is no thread's CPU time: prev stays current meanwhile,
         * and task_cputime must not count it (CPU-clock timers fire then) */
        prev->runtime_ns += time_mono_ns() - prev->run_start;
        idling = 1;
        while (list_empty(&runq))
            idle();
        idling = 0;
        prev->run_start = time_mono_ns();
    }
    struct task *next = list_entry(runq.next, struct task, run_link);
    list_del(&next->run_link);
    slice_end = time_mono_ns() + SLICE_NS;
    arm_timer();
    if (next != prev)
        switch_to(prev, next);
}

enum wake_reason sched_sleep(uint64_t deadline, int interruptible)
{
    struct task *t = current();
    if (interruptible && signal_pending_for(t))
        return WAKE_SIGNAL;
    t->state = TASK_SLEEPING;
    t->wake_reason = WAKE_NONE;
    t->wake_at = deadline;
    t->interruptible = interruptible;
    if (deadline) {
        if (deadline <= time_mono_ns()) {
            t->state = TASK_RUNNING;
            list_del(&t->run_link); /* off any wait queue */
            return WAKE_TIMEOUT;
        }
        list_add_tail(&timers, &t->timer_link);
    }
    schedule();
    list_del(&t->timer_link);
    return t->wake_reason;
}

void sched_wake(struct task *t, enum wake_reason why)
{
    if (t->state != TASK_SLEEPING)
        return;
    list_del(&t->run_link); /* off its wait queue */
    list_del(&t->timer_link);
    t->wake_reason = why;
    sched_add(t);
}

void sched_rearm(void)
{
    arm_timer();
}

void sched_timer(void)
{
    uint64_t now = time_mono_ns();
    ktimer_run(now);
    struct list *it, *n;
    list_for_each_safe(it, n, &timers)
    {
        struct task *t = list_entry(it, struct task, timer_link);
        if (t->wake_at <= now)
            sched_wake(t, WAKE_TIMEOUT);
    }
    if (!list_empty(&runq) && now >= slice_end)
        sched_need_resched = 1;
    arm_timer();
}

void sched_exit_current(void)
{
    struct task *t = current();
    t->state = TASK_DEAD;
    dead = t;
    schedule();
    panic("a dead task was scheduled");
}

uint64_t task_cputime(struct task *t)
{
    uint64_t ns = t->runtime_ns;
    if (t == current() && !idling)
        ns += time_mono_ns() - t->run_start;
    return ns;
}

uint64_t process_cputime(struct process *p)
{
    uint64_t ns = p->dead_runtime_ns;
    struct list *it;
    list_for_each(it, &p->tasks) ns += task_cputime(list_entry(it, struct task, proc_link));
    return ns;
}
