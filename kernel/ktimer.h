/* kernel/ktimer.h: kernel timers, run from the timer interrupt. */
#ifndef KILN_KERNEL_KTIMER_H
#define KILN_KERNEL_KTIMER_H

#include <stdint.h>
#include "lib/list.h"

struct ktimer {
    struct list link;
    uint64_t expires;                  /* monotonic ns; 0: not armed */
    void (*fn)(struct ktimer *t);      /* called with interrupts off; may re-arm */
};

void ktimer_arm(struct ktimer *t, uint64_t expires); /* replaces an earlier arming */
void ktimer_cancel(struct ktimer *t);
void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *));
uint64_t ktimer_next(void);            /* earliest expiry, 0 if none */
void ktimer_run(uint64_t now);         /* fire everything due */

#endif
