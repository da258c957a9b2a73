/* arch/x86_64/fpu.c: saving and restoring the program's FPU/SSE state.
 *
 * The kernel never touches FPU registers (-mgeneral-regs-only), so the state
 * in the CPU is always the running task's; it is saved only when switching
 * tasks and for signal frames.
 *
 * FXSAVE only, and so AVX is not offered to programs (CR4.OSXSAVE stays
 * clear, which is what libcs check before using AVX): software-virtualized
 * KVM cannot emulate XSAVE in ring 0 (the VM stops with an internal error),
 * and without XSAVE the AVX upper halves could not follow their thread.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

size_t fpu_size = 512;
const unsigned char fpu_reset_image[512] __attribute__((aligned(16))) = {
    [0] = 0x7f, [1] = 0x03,                /* FCW: all exceptions masked */
    [24] = 0x80, [25] = 0x1f,              /* MXCSR */
    [28] = 0xff, [29] = 0xff,              /* MXCSR_MASK */
};
static int use_xsave;

void fpu_init(void)
{
    use_xsave = 0;
    fpu_size = 512;
}

void fpu_save(void *area)
{
    if (use_xsave)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(-1), "d"(-1) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
    if (use_xsave)
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(-1), "d"(-1) : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void fpu_save_fx(void *area512)
{
    __asm__ volatile("fxsave64 (%0)" : : "r"(area512) : "memory");
}

void fpu_restore_fx(const void *area512)
{
    __asm__ volatile("fxrstor64 (%0)" : : "r"(area512) : "memory");
}
