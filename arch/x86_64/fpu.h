/* arch/x86_64/fpu.h: the program's FPU/SSE/AVX state. */
#ifndef KILN_ARCH_FPU_H
#define KILN_ARCH_FPU_H

#include <stddef.h>
#include <stdint.h>

#define FPU_FX_SIZE 512     /* the legacy FXSAVE image */
#define FPU_MAX_SIZE 1024   /* largest XSAVE image kiln uses (x87|SSE|AVX: 832) */
#define XFEATURE_FPSSE 3ull /* x87 | SSE */

extern size_t fpu_size;         /* bytes of a save area (64-byte aligned): 512 or XSAVE's size */
extern uint64_t fpu_xcr0;       /* XCR0 when XSAVE is on (x87|SSE[|AVX]); 0 with FXSAVE */
extern uint32_t fpu_mxcsr_mask; /* MXCSR bits FXRSTOR/XRSTOR accept */

/* Choose FXSAVE or XSAVE (when CPUID offers it and no_xsave is 0): sets
 * CR4.OSXSAVE and XCR0 = x87|SSE|AVX as available, and fpu_size.  Once, at
 * boot, before the first task is created. */
void fpu_init(int no_xsave);
void fpu_save(void *area);          /* XSAVE (or FXSAVE) the live state into a fpu_size area */
void fpu_restore(const void *area); /* the reverse; area must be valid (as fpu_save wrote it) */
/* The legacy 512-byte FXSAVE image, as FXSAVE-mode signal frames carry it. */
void fpu_save_fx(void *area512);
void fpu_restore_fx(const void *area512);
/* A handler's initial state, as Linux: x87 and SSE reset (FCW 0x37f, MXCSR
 * 0x1f80), AVX upper halves zero. */
void fpu_reset(void);
extern const unsigned char fpu_reset_image[512]; /* FCW 0x37f, MXCSR 0x1f80 */
/* (sigframe.c) The most stack a signal frame takes, as Linux computes it for
 * AT_MINSIGSTKSZ: depends on fpu_init()'s choice. */
size_t sigframe_max_size(void);

#endif
