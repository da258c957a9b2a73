/* arch/x86_64/vdso/vdso_data.h: the page the kernel shares with the vDSO. */
#ifndef KILN_VDSO_DATA_H
#define KILN_VDSO_DATA_H

#include <stdint.h>

/* Mapped read-only one page below the vDSO image. */
struct vdso_data {
    uint64_t tsc0;      /* TSC at boot */
    uint64_t mult;      /* ns = ((tsc - tsc0) * mult) >> 32 */
    uint64_t real0_ns;  /* CLOCK_REALTIME at boot */
    uint64_t ready;     /* nonzero once the fields above are set */
};

#endif
