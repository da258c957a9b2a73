/* kernel/waitq.h: wait queues: sleep until something changes. */
#ifndef KILN_KERNEL_WAITQ_H
#define KILN_KERNEL_WAITQ_H

#include <stdint.h>
#include "lib/list.h"

enum wake_reason { WAKE_NONE, WAKE_EVENT, WAKE_TIMEOUT, WAKE_SIGNAL };

struct waitq {
    struct list head; /* sleeping tasks, by run_link */
};

static inline void waitq_init(struct waitq *wq)
{
    list_init(&wq->head);
}

/* Sleep (interruptibly) on wq until woken, a signal, or deadline (monotonic
 * ns, 0: none).  The caller re-checks its condition in a loop. */
enum wake_reason waitq_wait(struct waitq *wq, uint64_t deadline);
void waitq_wake_all(struct waitq *wq);

#endif
