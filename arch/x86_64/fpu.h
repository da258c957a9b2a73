/* arch/x86_64/fpu.h: the program's FPU/SSE/AVX state. */
#ifndef KILN_ARCH_FPU_H
#define KILN_ARCH_FPU_H

#include <stddef.h>

extern size_t fpu_size;            /* bytes of a save area (64-byte aligned) */
void fpu_init(void);
void fpu_save(void *area);         /* XSAVE (or FXSAVE) the live state */
void fpu_restore(const void *area);
/* The legacy 512-byte FXSAVE image, as signal frames carry it. */
void fpu_save_fx(void *area512);
void fpu_restore_fx(const void *area512);
extern const unsigned char fpu_reset_image[512]; /* FCW 0x37f, MXCSR 0x1f80 */

#endif
