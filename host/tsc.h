/* host/tsc.h: the host's TSC frequency, for guests whose engine does not report it. */
#ifndef KILN_HOST_TSC_H
#define KILN_HOST_TSC_H

/* Measure the host TSC against CLOCK_MONOTONIC over about 2 ms (busy).
 * QEMU's guests read the host TSC unscaled, so this is their frequency.
 * Returns kHz, or 0 if the clocks made no sense. */
unsigned tsc_calibrate_khz(void);

#endif
