/* kernel/random.h: random bytes for getrandom, /dev/urandom and AT_RANDOM. */
#ifndef KILN_KERNEL_RANDOM_H
#define KILN_KERNEL_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Seed from RDSEED/RDRAND when the CPU has them, the TSC and seed. */
void random_init(uint64_t seed);
void random_fill(void *buf, size_t n);
/* n random bytes to user memory: bytes written, or -EFAULT if none were. */
long random_to_user(void *ubuf, size_t n);

#endif
