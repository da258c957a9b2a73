/* kernel/waitq.c: wait queues. */
#include "kernel/waitq.h"
#include "kernel/task.h"

enum wake_reason waitq_wait(struct waitq *wq, uint64_t deadline)
{
    struct task *t = current();
    list_add_tail(&wq->head, &t->run_link);
    enum wake_reason why = sched_sleep(deadline, 1);
    list_del(&t->run_link);
    return why;
}

void waitq_wake_all(struct waitq *wq)
{
    while (!list_empty(&wq->head))
        sched_wake(list_entry(wq->head.next, struct task, run_link), WAKE_EVENT);
}
