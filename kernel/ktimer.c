/* kernel/ktimer.c: kernel timers (alarm, interval and POSIX timers).  A
 * short unsorted list: programs have a handful of timers. */
#include "kernel/ktimer.h"
#include "kernel/task.h"

static struct list timers = LIST_INIT(timers);

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *))
{
    list_init(&t->link);
    t->expires = 0;
    t->fn = fn;
}

void ktimer_arm(struct ktimer *t, uint64_t expires)
{
    list_del(&t->link);
    t->expires = expires;
    if (expires)
        list_add_tail(&timers, &t->link);
    sched_rearm();
}

void ktimer_cancel(struct ktimer *t)
{
    list_del(&t->link);
    t->expires = 0;
}

uint64_t ktimer_next(void)
{
    uint64_t next = 0;
    struct list *it;
    list_for_each(it, &timers)
    {
        struct ktimer *t = list_entry(it, struct ktimer, link);
        if (!next || t->expires < next)
            next = t->expires;
    }
    return next;
}

void ktimer_run(uint64_t now)
{
    struct list *it, *n;
    list_for_each_safe(it, n, &timers)
    {
        struct ktimer *t = list_entry(it, struct ktimer, link);
        if (t->expires > now)
            continue;
        list_del(&t->link);
        t->expires = 0;
        t->fn(t); /* may re-arm, which appends: the safe iteration still holds */
    }
}
