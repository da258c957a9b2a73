/* stack_alignment_main: the initial stack pointer (just below argc) is 16-byte
 * aligned as the x86-64 ABI requires, main's frame is aligned, aligned SSE
 * stores to a 16-byte local work, argc/argv/envp are laid out contiguously,
 * and a deep recursion (1 MiB of stack) succeeds. */
#include "common.h"
#include <stdint.h>

static int deep(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    return n == 0 ? pad[0] : deep(n - 1) + 1 + (pad[0] - (char)n);
}

int main(int argc, char **argv, char **envp)
{
    uintptr_t sp0 = (uintptr_t)argv - 8; /* where argc sits: the entry rsp */
    SAY(*(long *)sp0 == argc);
    printf("entry stack 16-byte aligned: %d\n", sp0 % 16 == 0);
    printf("main frame aligned: %d\n", (uintptr_t)__builtin_frame_address(0) % 16 == 0);
    float __attribute__((aligned(16))) v[4] = {1, 2, 3, 4};
    __asm__ volatile("movaps %0, %%xmm0; addps %%xmm0, %%xmm0; movaps %%xmm0, %0" : "+m"(v) : : "xmm0");
    printf("movaps result %g %g %g %g\n", v[0], v[1], v[2], v[3]);
    SAY(envp == argv + argc + 1);
    printf("deep recursion: %d\n", deep(1000));
    return 0;
}
