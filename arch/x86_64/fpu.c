/* arch/x86_64/fpu.c: saving and restoring the program's FPU/SSE/AVX state.
 *
 * The kernel never touches FPU registers (-mgeneral-regs-only), so the state
 * in the CPU is always the running task's; it is saved only when switching
 * tasks and for signal frames.
 *
 * With XSAVE (CPUID.1:ECX.XSAVE, and no kiln.fpu=fxsave on the command
 * line) CR4.OSXSAVE is set and XCR0 = x87|SSE|AVX (no AVX-512: save areas
 * and signal frames stay small), so programs see AVX, and XSAVE/XRSTOR move
 * the whole state.  Otherwise FXSAVE/FXRSTOR, CR4.OSXSAVE stays clear (what
 * libcs check before using AVX) and programs see no AVX.  The host asks for
 * FXSAVE under KVM: a software-virtualized KVM cannot emulate XSAVE (or any
 * VEX instruction) in ring 0 - the VM stops with an internal error.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

#define CR4_OSXSAVE (1ull << 18)
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX (1u << 28)
#define XFEATURE_AVX 4ull

size_t fpu_size = FPU_FX_SIZE;
uint64_t fpu_xcr0;
uint32_t fpu_mxcsr_mask = 0xffbf;
const unsigned char fpu_reset_image[512] __attribute__((aligned(16))) = {
    [0] = 0x7f,  [1] = 0x03,  /* FCW: all exceptions masked */
    [24] = 0x80, [25] = 0x1f, /* MXCSR */
    [28] = 0xff, [29] = 0xff, /* MXCSR_MASK */
};
/* XRSTOR of this with XSTATE_BV 0: every component in its init state, and
 * MXCSR (which XRSTOR always loads) 0x1f80 */
static const unsigned char xsave_reset_image[FPU_MAX_SIZE] __attribute__((aligned(64))) = {
    [24] = 0x80,
    [25] = 0x1f,
};

static void xsetbv0(uint64_t v)
{
    __asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* Turn XSAVE on if the CPU has it: CR4.OSXSAVE, XCR0, fpu_size. */
static void xsave_init(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    if (!(r[2] & CPUID1_ECX_XSAVE))
        return;
    uint64_t avx = (r[2] & CPUID1_ECX_AVX) ? XFEATURE_AVX : 0;
    cpuid(0xd, 0, r);
    uint64_t xcr0 = r[0] & (XFEATURE_FPSSE | avx);
    if ((xcr0 & XFEATURE_FPSSE) != XFEATURE_FPSSE)
        return;
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE));
    xsetbv0(xcr0);
    cpuid(0xd, 0, r); /* EBX: the size for the XCR0 just set */
    if (r[1] < 576 || r[1] > FPU_MAX_SIZE) {
        /* not a layout kiln knows: stay with FXSAVE */
        xsetbv0(XFEATURE_FPSSE);
        __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
        return;
    }
    fpu_xcr0 = xcr0;
    fpu_size = r[1];
}

void fpu_init(int no_xsave)
{
    uint32_t r[4];
    unsigned char fx[512] __attribute__((aligned(16)));

    memset(fx, 0, sizeof(fx));
    fpu_save_fx(fx);
    memcpy(&fpu_mxcsr_mask, fx + 28, 4);
    if (!fpu_mxcsr_mask)
        fpu_mxcsr_mask = 0xffbf; /* the SDM's default when the CPU reports 0 */

    fpu_xcr0 = 0;
    fpu_size = FPU_FX_SIZE;
    cpuid(0, 0, r);
    if (!no_xsave && r[0] >= 0xd)
        xsave_init();
    fpu_reset(); /* the first program starts clean, as after execve */
}

void fpu_save(void *area)
{
    if (fpu_xcr0)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(-1), "d"(-1) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
    if (fpu_xcr0)
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

void fpu_reset(void)
{
    /* FXRSTOR, not LDMXCSR/FNINIT: the emulated ring 0 of some KVMs cannot
     * do those */
    if (fpu_xcr0)
        fpu_restore(xsave_reset_image);
    else
        fpu_restore_fx(fpu_reset_image);
}
