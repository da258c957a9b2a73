/* kernel/futex.h: fast user-space mutexes. */
#ifndef KILN_KERNEL_FUTEX_H
#define KILN_KERNEL_FUTEX_H

#include <stdint.h>

/* Wake up to n waiters on uaddr whose bitset meets bitset; how many woke. */
int futex_wake(uint64_t uaddr, int n, uint32_t bitset);
/* The futex(2) system call, ops decoded. */
long futex_op(uint64_t uaddr, int op, uint32_t val, uint64_t utime, uint64_t uaddr2,
              uint32_t val3);
/* Thread exit: walk the robust list, marking held locks FUTEX_OWNER_DIED. */
void futex_exit_robust(void);

#endif
