/* kernel/time.c: clocks from the TSC, and sleeping on the LAPIC timer.
 *
 * The TSC rate comes from the host (kiln.tsc_khz) or CPUID; wall-clock time
 * from the host at boot (kiln.time).  Sleeps arm the LAPIC timer and halt:
 * in TSC-deadline mode when CPUID offers it (one WRMSR of the TSC value to
 * wake at: exact, and nothing to convert), else in one-shot mode, where
 * KVM's and QEMU's LAPIC count at 1 GHz.
 */
#include "kernel/time.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vdso.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/task.h"

#define LAPIC_BASE 0xfee00000ull
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_TSC_DEADLINE (2u << 17)
#define MSR_TSC_DEADLINE 0x6e0
#define TIMER_VECTOR 32

static uint64_t tsc0, tsc_khz_, real0_ns;
static uint64_t mult; /* ns = (ticks * mult) >> 32 */
static int have_lapic, tsc_deadline;

static volatile uint32_t *lapic(unsigned reg)
{
    return (volatile uint32_t *)PHYS_TO_VIRT(LAPIC_BASE + reg);
}

static uint64_t cpuid_tsc_khz(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max = r[0];
    if (max >= 0x15) {
        cpuid(0x15, 0, r);
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0] / 1000;
    }
    cpuid(0x40000000, 0, r);
    if (r[0] >= 0x40000010) {
        cpuid(0x40000010, 0, r);
        if (r[0])
            return r[0];
    }
    if (max >= 0x16) {
        cpuid(0x16, 0, r);
        if (r[0])
            return (uint64_t)r[0] * 1000;
    }
    return 0;
}

void time_init(uint64_t tsc_khz, uint64_t realtime_ns)
{
    tsc0 = rdtsc();
    if (!tsc_khz)
        tsc_khz = cpuid_tsc_khz();
    if (!tsc_khz) {
        klog("kiln: TSC frequency unknown, assuming 2 GHz\n");
        tsc_khz = 2000000;
    }
    tsc_khz_ = tsc_khz;
    mult = (1000000ull << 32) / tsc_khz;
    real0_ns = realtime_ns;
    vdso_init(tsc0, mult, real0_ns);
    uint32_t r[4];
    cpuid(1, 0, r);
    have_lapic = !!(r[3] & (1u << 9));
    tsc_deadline = have_lapic && (r[2] & (1u << 24));
    if (!have_lapic)
        return;
    *lapic(LAPIC_SVR) = 0x1ff; /* enable, spurious vector 0xff */
    if (tsc_deadline) {
        *lapic(LAPIC_LVT_TIMER) = LVT_TSC_DEADLINE | TIMER_VECTOR;
        __asm__ volatile("mfence" ::: "memory"); /* the mode before the MSR (SDM 10.5.4.1) */
    } else {
        *lapic(LAPIC_TIMER_DIV) = 0xb;          /* divide by 1 */
        *lapic(LAPIC_LVT_TIMER) = TIMER_VECTOR; /* one-shot */
    }
}

uint64_t time_tsc_khz(void)
{
    return tsc_khz_;
}

uint64_t time_mono_ns(void)
{
    uint64_t d = rdtsc() - tsc0;
    return (uint64_t)(((unsigned __int128)d * mult) >> 32);
}

uint64_t time_real_ns(void)
{
    return real0_ns + time_mono_ns();
}

int time_clock_ns(int clock, uint64_t *ns)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = time_real_ns();
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = time_mono_ns();
        return 0;
    case CLOCK_THREAD_CPUTIME_ID:
        *ns = task_cputime(current());
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID:
        *ns = process_cputime(current()->proc);
        return 0;
    default:
        return -EINVAL;
    }
}

void time_now(struct timespec64 *ts)
{
    time_ns_to_ts(time_real_ns(), ts);
}

void time_irq(void)
{
    *lapic(LAPIC_EOI) = 0;
    sched_timer();
}

void time_arm(uint64_t deadline)
{
    if (!have_lapic)
        return;
    if (tsc_deadline) {
        /* 0 disarms; a deadline already past fires at once.  Rounded up a
         * tick, so time_mono_ns() has reached the deadline when it fires. */
        uint64_t tsc = 0;
        if (deadline)
            tsc = tsc0 + 1 + (uint64_t)((unsigned __int128)deadline * tsc_khz_ / 1000000);
        wrmsr(MSR_TSC_DEADLINE, tsc);
        return;
    }
    if (!deadline) {
        *lapic(LAPIC_TIMER_INIT) = 0; /* stop */
        return;
    }
    uint64_t now = time_mono_ns();
    uint64_t left = deadline > now ? deadline - now : 1;
    /* the LAPIC counts at 1 GHz under KVM and QEMU; a long wait re-arms */
    *lapic(LAPIC_TIMER_INIT) = left > 0xffffffffull ? 0xffffffffu : (uint32_t)left;
}
