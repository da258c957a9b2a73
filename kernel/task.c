/* kernel/task.c: creating and freeing tasks. */
#include "kernel/task.h"
#include "arch/x86_64/fpu.h"
#include "lib/string.h"
#include "mm/mm.h"

extern char task_first_entry[];
static int next_tid = 1;

struct task *task_create(struct process *p)
{
    struct task *t = kzalloc(sizeof(*t));
    if (!t)
        return 0;
    t->kstack = vmalloc(KSTACK_PAGES);
    t->fpu_raw = kzalloc(fpu_size + 64);
    if (!t->kstack || !t->fpu_raw) {
        task_free(t);
        return 0;
    }
    t->fpu = (void *)(((uint64_t)t->fpu_raw + 63) & ~63ull);
    t->kstack_top = (uint64_t)t->kstack + KSTACK_PAGES * PAGE_SIZE;
    t->uregs = (struct regs *)(t->kstack_top - sizeof(struct regs));
    /* what cpu_switch pops the first time: six callee-saved registers, then
     * the return address */
    uint64_t *sp = (uint64_t *)t->uregs - 7;
    memset(sp, 0, 6 * sizeof(uint64_t));
    sp[6] = (uint64_t)task_first_entry;
    t->ksp = (uint64_t)sp;
    t->tid = next_tid++;
    t->proc = p;
    t->altstack.flags = 2; /* SS_DISABLE */
    list_init(&t->run_link);
    list_init(&t->rt_queue);
    list_init(&t->timer_link);
    list_add_tail(&p->tasks, &t->proc_link);
    p->nthreads++;
    return t;
}

struct task *task_find(struct process *p, int tid)
{
    struct list *it;
    list_for_each(it, &p->tasks)
    {
        struct task *t = list_entry(it, struct task, proc_link);
        if (t->tid == tid)
            return t;
    }
    return 0;
}

void task_free(struct task *t)
{
    if (t->kstack)
        vfree(t->kstack, KSTACK_PAGES);
    kfree(t->fpu_raw);
    kfree(t);
}
