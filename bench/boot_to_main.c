/* bench/boot_to_main.c: the TSC on entry to main.  Under QEMU with
 * -icount shift=0 the TSC counts guest instructions from reset, so this is
 * the instruction count from reset (firmware included) to main. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    printf("tsc_at_main %llu\n", (unsigned long long)(((uint64_t)hi << 32) | lo));
    return 0;
}
