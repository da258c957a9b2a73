/* sched_affinity_yield: sched_getaffinity reports at least one CPU and
 * CPU_COUNT agrees with the returned mask; a too-small mask is EINVAL;
 * sched_yield returns 0; sched_getscheduler is SCHED_OTHER. */
#include "common.h"
#include <sched.h>

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    SHOW(sched_getaffinity(0, sizeof set, &set));
    SAY(CPU_COUNT(&set) >= 1);
    long r = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    SAY(r >= 8 && r <= (long)sizeof set && r % 8 == 0);
    SHOW(syscall(SYS_sched_getaffinity, 0, 1, &set));
    SHOW(sched_getaffinity(0, sizeof set, NULL));
    SHOW(sched_yield());
    for (int i = 0; i < 100; i++)
        sched_yield();
    /* by number: musl's wrappers are ENOSYS stubs */
    SHOW(syscall(SYS_sched_getscheduler, 0));
    struct sched_param p = {.sched_priority = -1};
    SHOW(syscall(SYS_sched_getparam, 0, &p));
    printf("priority %d\n", p.sched_priority);
    return 0;
}
