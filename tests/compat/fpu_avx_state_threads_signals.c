/* tests/compat/fpu_avx_state_threads_signals.c: FPU/SSE/AVX state follows
 * its thread across task switches and signal handlers.
 *
 * When AVX is usable (CPUID.1:ECX.OSXSAVE and AVX, XCR0 has SSE|AVX: what
 * glibc checks) the 16 ymm registers are checked, else the 16 xmm registers;
 * the output is the same either way, so it is the same natively (AVX) and
 * under a kiln that keeps AVX off (FXSAVE on KVM).  Checked:
 *   - two threads each keep distinct values in all vector registers, an x87
 *     stack value, MXCSR and the x87 control word across sched_yield, futex
 *     waits that really block (the threads take turns) and a signal handler
 *     that loads its own values into all of them;
 *   - a handler starts with MXCSR 0x1f80, FCW 0x37f and zeroed vector
 *     registers (Linux resets the FPU for a handler);
 *   - the frame's fpstate is 64-byte aligned; with AVX it is an XSAVE image
 *     with both magics, xstate_size and UC_FP_XSTATE, as Linux writes it;
 *   - a handler's edits of the saved xmm (and ymm upper half) reach the
 *     registers after rt_sigreturn; a broken FP_XSTATE_MAGIC2 makes
 *     rt_sigreturn restore the legacy area only (upper halves reset);
 *   - reserved MXCSR bits in the frame: rt_sigreturn kills with SIGSEGV.
 */
#include "common.h"
#include <cpuid.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <ucontext.h>

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define ROUNDS 40
#define STRIDE 32 /* bytes per register in the buffers (xmm: the low 16) */

static int avx;           /* ymm usable */
static int vlen;          /* 32 with AVX, else 16 */
static unsigned ymm_off;  /* CPUID(0xD,2).EBX: the AVX component's offset */
static volatile int turn; /* futex word: whose turn (0 or 1) */

struct tstate {
    uint8_t in[16 * STRIDE] __attribute__((aligned(32)));
    uint8_t out[16 * STRIDE] __attribute__((aligned(32)));
    double x87_in, x87_out;
    uint32_t mxcsr;
    uint16_t fcw;
    int handlers;
    int idx; /* 0 or 1: whose turn */
    char err[160];
};
static __thread struct tstate *self;

/* entry state seen by the clobbering handler (the last one) */
static volatile uint32_t entry_mxcsr;
static volatile uint16_t entry_fcw;
static uint8_t entry_regs[8 * STRIDE] __attribute__((aligned(32)));

static int avx_usable(void)
{
    unsigned a, b, c, d, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX))
        return 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6)
        return 0;
    __cpuid_count(0xd, 2, a, b, c, d);
    ymm_off = b;
    return 1;
}

#define R16(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define YLD(n) "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n"
#define YST(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n"
#define XLD(n) "movdqu " #n "*32(%[in]), %%xmm" #n "\n"
#define XST(n) "movdqu %%xmm" #n ", " #n "*32(%[out])\n"
#define VCLOB                                                                                      \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",       \
        "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

/* Load the vector registers from in and *xin onto the x87 stack, make the
 * system call nr, store the registers to out and pop the x87 value to *xout. */
static long hold(const uint8_t *in, uint8_t *out, const double *xin, double *xout, long nr, long a1,
                 long a2, long a3, long a4)
{
    register long r10 __asm__("r10") = a4;
    long ret = nr;
    if (avx)
        __asm__ volatile("fldl (%[xi])\n" R16(YLD) "syscall\n" R16(YST) "fstpl (%[xo])\n"
                         : "+a"(ret)
                         : [in] "r"(in), [out] "r"(out), [xi] "r"(xin), [xo] "r"(xout), "D"(a1),
                           "S"(a2), "d"(a3), "r"(r10)
                         : "rcx", "r11", "memory", VCLOB);
    else
        __asm__ volatile("fldl (%[xi])\n" R16(XLD) "syscall\n" R16(XST) "fstpl (%[xo])\n"
                         : "+a"(ret)
                         : [in] "r"(in), [out] "r"(out), [xi] "r"(xin), [xo] "r"(xout), "D"(a1),
                           "S"(a2), "d"(a3), "r"(r10)
                         : "rcx", "r11", "memory", VCLOB);
    return ret;
}

static uint32_t get_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}
static uint16_t get_fcw(void)
{
    uint16_t v;
    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

/* After one hold(): record the first difference in t->err. */
static void check(struct tstate *t, const char *what, int round)
{
    if (t->err[0])
        return;
    for (int r = 0; r < 16; r++)
        for (int i = 0; i < vlen; i++)
            if (t->in[r * STRIDE + i] != t->out[r * STRIDE + i]) {
                snprintf(t->err, sizeof(t->err),
                         "after %s (round %d): register %d byte %d is %#x, want %#x", what, round,
                         r, i, t->out[r * STRIDE + i], t->in[r * STRIDE + i]);
                return;
            }
    if (t->x87_out != t->x87_in)
        snprintf(t->err, sizeof(t->err), "after %s (round %d): x87 st0 changed", what, round);
    else if (get_mxcsr() != t->mxcsr)
        snprintf(t->err, sizeof(t->err), "after %s (round %d): MXCSR %#x, want %#x", what, round,
                 get_mxcsr(), t->mxcsr);
    else if (get_fcw() != t->fcw)
        snprintf(t->err, sizeof(t->err), "after %s (round %d): FCW %#x, want %#x", what, round,
                 get_fcw(), t->fcw);
}

/* SIGUSR1: notes the entry state, then loads its own values everywhere. */
static void on_clobber(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)si, (void)uc;
    uint8_t *e = entry_regs;
    if (avx)
        __asm__ volatile(
            "vmovdqu %%ymm8, 0(%0)\n vmovdqu %%ymm9, 32(%0)\n vmovdqu %%ymm10, 64(%0)\n"
            "vmovdqu %%ymm11, 96(%0)\n vmovdqu %%ymm12, 128(%0)\n"
            "vmovdqu %%ymm13, 160(%0)\n vmovdqu %%ymm14, 192(%0)\n"
            "vmovdqu %%ymm15, 224(%0)\n"
            :
            : "r"(e)
            : "memory");
    else
        __asm__ volatile("movdqu %%xmm8, 0(%0)\n movdqu %%xmm9, 32(%0)\n movdqu %%xmm10, 64(%0)\n"
                         "movdqu %%xmm11, 96(%0)\n movdqu %%xmm12, 128(%0)\n"
                         "movdqu %%xmm13, 160(%0)\n movdqu %%xmm14, 192(%0)\n"
                         "movdqu %%xmm15, 224(%0)\n"
                         :
                         : "r"(e)
                         : "memory");
    entry_mxcsr = get_mxcsr();
    entry_fcw = get_fcw();
    static uint8_t junk[16 * STRIDE] __attribute__((aligned(32)));
    static double jx = 12345.5, jo;
    for (unsigned i = 0; i < sizeof(junk); i++)
        junk[i] = 0xa5 ^ i;
    uint32_t m = 0x7f80; /* round toward zero, FTZ off */
    uint16_t cw = 0x0c7f;
    __asm__ volatile("ldmxcsr %0\n fldcw %1" : : "m"(m), "m"(cw));
    if (avx)
        __asm__ volatile("fldl (%[xi])\n" R16(YLD) "fstpl (%[xo])\n"
                         :
                         : [in] "r"(junk), [xi] "r"(&jx), [xo] "r"(&jo)
                         : "memory", VCLOB);
    else
        __asm__ volatile("fldl (%[xi])\n" R16(XLD) "fstpl (%[xo])\n"
                         :
                         : [in] "r"(junk), [xi] "r"(&jx), [xo] "r"(&jo)
                         : "memory", VCLOB);
    if (self)
        self->handlers++;
}

static void *worker(void *arg)
{
    struct tstate *t = arg;
    int me = t->idx;
    self = t;
    __asm__ volatile("ldmxcsr %0\n fldcw %1" : : "m"(t->mxcsr), "m"(t->fcw));
    long tid = syscall(SYS_gettid);
    for (int round = 0; round < ROUNDS && !t->err[0]; round++) {
        hold(t->in, t->out, &t->x87_in, &t->x87_out, SYS_sched_yield, 0, 0, 0, 0);
        check(t, "sched_yield", round);
        /* take turns: wait (really blocking) until it is mine */
        while (turn != me && !t->err[0]) {
            hold(t->in, t->out, &t->x87_in, &t->x87_out, SYS_futex, (long)&turn, FUTEX_WAIT_PRIVATE,
                 !me, 0);
            check(t, "futex wait", round);
        }
        hold(t->in, t->out, &t->x87_in, &t->x87_out, SYS_tgkill, getpid(), tid, SIGUSR1, 0);
        check(t, "a signal handler", round);
        turn = !me;
        hold(t->in, t->out, &t->x87_in, &t->x87_out, SYS_futex, (long)&turn, FUTEX_WAKE_PRIVATE, 1,
             0);
        check(t, "futex wake", round);
    }
    if (t->err[0]) { /* let the other one finish */
        turn = !me;
        syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    }
    return 0;
}

static void threads_and_handlers(void)
{
    static struct tstate ts[2];
    pthread_t th[2];
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 16 * STRIDE; i++)
            ts[k].in[i] = (uint8_t)(i * 7 + 1 + k * 101);
        ts[k].x87_in = k ? -2.75 : 1e10 + 0.5;
        ts[k].mxcsr = k ? 0x5f80 : 0x3f80; /* rounding down / up */
        ts[k].fcw = k ? 0x037f : 0x027f;   /* double / extended precision */
        ts[k].idx = k;
    }
    struct sigaction sa = {0};
    sa.sa_sigaction = on_clobber;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, 0);
    for (int k = 0; k < 2; k++)
        pthread_create(&th[k], 0, worker, &ts[k]);
    for (int k = 0; k < 2; k++)
        pthread_join(th[k], 0);
    for (int k = 0; k < 2; k++) {
        if (ts[k].err[0])
            printf("thread %d: %s\n", k, ts[k].err);
        else
            printf("thread %d: vector, x87 and MXCSR state ok (%d handlers)\n", k, ts[k].handlers);
    }
    int zero = 1;
    for (int r = 0; r < 8; r++)
        for (int i = 0; i < vlen; i++)
            zero &= !entry_regs[r * STRIDE + i];
    printf("handler entry: MXCSR %#x FCW %#x, vector registers %s\n", entry_mxcsr, entry_fcw,
           zero ? "zero" : "NOT zero");
}

/* SIGUSR2: edits the saved xmm0 (and ymm0's upper half), or breaks the frame. */
static int edit_mode; /* 0 edit, 1 edit + break magic2, 2 bad MXCSR */
static char frame_note[200];
static const uint8_t edit_lo[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t edit_hi[16] = {0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
                                    0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0xf0};

static void on_edit(int sig, siginfo_t *si, void *ucv)
{
    (void)sig, (void)si;
    ucontext_t *uc = ucv;
    uint8_t *fp = (uint8_t *)uc->uc_mcontext.fpregs;
    const char *bad = 0;
    if ((uintptr_t)fp & 63)
        bad = "fpstate not 64-byte aligned";
    if (avx && !bad) {
        uint32_t magic1, ext, xsize, magic2;
        uint64_t feat, bv;
        memcpy(&magic1, fp + 464, 4);
        memcpy(&ext, fp + 468, 4);
        memcpy(&feat, fp + 472, 8);
        memcpy(&xsize, fp + 480, 4);
        memcpy(&bv, fp + 512, 8);
        if (!(uc->uc_flags & 1))
            bad = "no UC_FP_XSTATE";
        else if (magic1 != 0x46505853)
            bad = "bad FP_XSTATE_MAGIC1";
        else if (ext != xsize + 4 || xsize < ymm_off + 256)
            bad = "bad sizes in _fpx_sw_bytes";
        else if ((feat & 7) != 7 || (bv & 3) != 3)
            bad = "xfeatures or XSTATE_BV lack x87/SSE/AVX";
        else if (memcpy(&magic2, fp + xsize, 4), magic2 != 0x46505845)
            bad = "bad FP_XSTATE_MAGIC2";
        if (!bad && edit_mode == 1)
            memset(fp + xsize, 0, 4);
        if (!bad) {
            memcpy(fp + ymm_off, edit_hi, 16);
            fp[512] |= 4;
        }
    }
    snprintf(frame_note, sizeof(frame_note), "%s", bad ? bad : "frame as Linux's");
    memcpy(fp + 160, edit_lo, 16);
    if (edit_mode == 2) {
        uint32_t m = 0xffffffff;
        memcpy(fp + 24, &m, 4);
    }
}

static void edit_case(int mode)
{
    static uint8_t in[16 * STRIDE] __attribute__((aligned(32))),
        out[16 * STRIDE] __attribute__((aligned(32)));
    static double xi = 3.5, xo;
    for (int i = 0; i < 16 * STRIDE; i++)
        in[i] = 0x40 + i % 64;
    edit_mode = mode;
    hold(in, out, &xi, &xo, SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2, 0);
    int lo_ok = !memcmp(out, edit_lo, 16);
    int hi_want_edit = !avx || !memcmp(out + 16, edit_hi, 16);
    int hi_zero = 1;
    for (int i = 16; i < 32 && avx; i++)
        hi_zero &= !out[i];
    /* the other registers: kept; after a legacy-only restore their upper
     * halves are reset too */
    int rest_ok = 1;
    for (int r = 1; r < 16; r++)
        for (int i = 0; i < vlen; i++)
            rest_ok &= out[r * STRIDE + i] == (mode && i >= 16 ? 0 : in[r * STRIDE + i]);
    printf("%s: %s; xmm0 %s, ", mode ? "broken magic2" : "edited frame", frame_note,
           lo_ok ? "edited" : "NOT edited");
    if (mode == 0)
        printf("upper half %s", hi_want_edit ? "edited" : "NOT edited");
    else
        printf("upper half %s", hi_zero ? "reset" : "NOT reset");
    printf(", others %s\n", rest_ok ? "kept" : "CHANGED");
}

static void bad_mxcsr_case(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        edit_case(2);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("reserved MXCSR bits in the frame: killed by signal %d\n", WTERMSIG(st));
    else
        printf("reserved MXCSR bits in the frame: exit %d\n", WEXITSTATUS(st));
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    avx = avx_usable();
    vlen = avx ? 32 : 16;
    threads_and_handlers();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_edit;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, 0);
    edit_case(0);
    edit_case(1);
    bad_mxcsr_case();
    return 0;
}
