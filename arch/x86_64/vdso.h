/* arch/x86_64/vdso.h: the vDSO (clock_gettime and friends without a syscall). */
#ifndef KILN_ARCH_VDSO_H
#define KILN_ARCH_VDSO_H

#include <stdint.h>

struct mm;
/* Publish the clock: ns = ((tsc - tsc0) * mult) >> 32 since boot. */
void vdso_init(uint64_t tsc0, uint64_t mult, uint64_t real0_ns);
/* Map the vDSO at base (page-aligned) and its data page below it; the
 * address for AT_SYSINFO_EHDR, or 0 if it could not be mapped. */
uint64_t vdso_map(struct mm *mm, uint64_t base);

#endif
