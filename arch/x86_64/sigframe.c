/* arch/x86_64/sigframe.c: the x86-64 Linux signal frame, built on the user
 * stack for a handler and read back by rt_sigreturn.
 *
 *   sp ->  pretcode (sa_restorer: the handler's return address)
 *          struct ucontext (flags, link, stack, sigcontext, sigmask)
 *          siginfo_t
 *          ...
 *          FPU image (64-byte aligned), uc.mcontext.fpstate
 *   old sp - 128 (the red zone is left alone)
 *
 * With XSAVE (arch/x86_64/fpu.c) the image is what Linux writes: the XSAVE
 * image of fpu_size bytes with XSTATE_BV's x87 and SSE bits always set, struct
 * _fpx_sw_bytes in the FXSAVE area's software bytes (464..511), then
 * FP_XSTATE_MAGIC2; uc_flags has UC_FP_XSTATE.  rt_sigreturn restores it with
 * XRSTOR when both magics are right, else the legacy 512 bytes only (the
 * rest of the state reset), as Linux.  Without XSAVE: the 512-byte FXSAVE
 * image, software bytes zero.  A frame XRSTOR/FXRSTOR would fault on (a bad
 * header, reserved MXCSR bits) is refused: SIGSEGV, as on Linux.
 */
#include "include/linux/errno.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

#define UC_FP_XSTATE 0x1
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define FIX_EFLAGS 0x40dd5 /* AC OF DF TF SF ZF AF PF CF RF: what a handler may set */

struct sigcontext_k {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;
    uint64_t reserved[8];
};

struct ucontext_k {
    uint64_t flags;
    uint64_t link;
    struct sigstack stack;
    struct sigcontext_k mc;
    uint64_t sigmask;
};

struct rt_sigframe {
    uint64_t pretcode;
    struct ucontext_k uc;
    struct ksiginfo info;
};

/* the FXSAVE area's software-reserved bytes 464..511 with XSAVE */
struct fpx_sw_bytes {
    uint32_t magic1;        /* FP_XSTATE_MAGIC1 */
    uint32_t extended_size; /* xstate_size + 4 (MAGIC2) */
    uint64_t xfeatures;     /* XCR0 */
    uint32_t xstate_size;   /* XSAVE image bytes */
    uint32_t padding[7];
};
#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define FX_SW_OFF 464
#define XHDR_OFF 512  /* the XSAVE header: XSTATE_BV, XCOMP_BV, reserved */
#define XSAVE_MIN 576 /* legacy area + header */
#define FX_MXCSR_OFF 24

_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "_fpx_sw_bytes layout");
_Static_assert(sizeof(struct sigcontext_k) == 256, "sigcontext layout");
_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo layout");

static int on_altstack(const struct task *t, uint64_t sp)
{
    return !(t->altstack.flags & SS_DISABLE) && sp - t->altstack.sp <= t->altstack.size;
}

/* Bytes of the FPU image in a frame. */
static size_t fpframe_size(void)
{
    return fpu_xcr0 ? fpu_size + 4 : FPU_FX_SIZE;
}

/* The live FPU state as a frame's image, into img (64-byte aligned,
 * fpframe_size() bytes). */
static void fpframe_save(uint8_t *img)
{
    if (!fpu_xcr0) {
        memset(img, 0, FPU_FX_SIZE);
        fpu_save_fx(img);
        memset(img + FX_SW_OFF, 0, sizeof(struct fpx_sw_bytes));
        return;
    }
    memset(img, 0, fpu_size + 4);
    fpu_save(img);
    uint64_t bv;
    memcpy(&bv, img + XHDR_OFF, 8);
    bv |= XFEATURE_FPSSE; /* as Linux: a handler editing only the legacy area is heard */
    memcpy(img + XHDR_OFF, &bv, 8);
    struct fpx_sw_bytes sw = {
        FP_XSTATE_MAGIC1, (uint32_t)fpu_size + 4, fpu_xcr0, (uint32_t)fpu_size, {0}};
    memcpy(img + FX_SW_OFF, &sw, sizeof(sw));
    uint32_t magic2 = FP_XSTATE_MAGIC2;
    memcpy(img + fpu_size, &magic2, 4);
}

static int mxcsr_ok(const uint8_t *img)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, img + FX_MXCSR_OFF, 4);
    return !(mxcsr & ~fpu_mxcsr_mask);
}

/* Load the FPU state from the frame image at user address ufp.  -EFAULT,
 * with the live state untouched, if it cannot be read or the CPU would
 * refuse it. */
static int fpframe_restore(uint64_t ufp)
{
    uint8_t img[FPU_MAX_SIZE] __attribute__((aligned(64)));

    if (copy_from_user(img, (void *)ufp, FPU_FX_SIZE))
        return -EFAULT;
    if (!fpu_xcr0) {
        if (!mxcsr_ok(img))
            return -EFAULT;
        fpu_restore_fx(img);
        return 0;
    }
    struct fpx_sw_bytes sw;
    memcpy(&sw, img + FX_SW_OFF, sizeof(sw));
    int xstate = 0;
    if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size >= XSAVE_MIN &&
        sw.xstate_size <= fpu_size && sw.xstate_size <= sw.extended_size) {
        uint32_t magic2;
        if (copy_from_user(&magic2, (void *)(ufp + sw.xstate_size), 4))
            return -EFAULT;
        xstate = magic2 == FP_XSTATE_MAGIC2;
    }
    uint64_t bv;
    if (xstate) {
        /* XRSTOR of the features the frame names; the others reset */
        memset(img + FPU_FX_SIZE, 0, fpu_size - FPU_FX_SIZE);
        if (copy_from_user(img + FPU_FX_SIZE, (void *)(ufp + FPU_FX_SIZE),
                           sw.xstate_size - FPU_FX_SIZE))
            return -EFAULT;
        uint64_t rsvd[2];
        memcpy(&bv, img + XHDR_OFF, 8);
        memcpy(rsvd, img + XHDR_OFF + 8, 16); /* XCOMP_BV: standard form only */
        if ((bv & ~fpu_xcr0) || rsvd[0] || rsvd[1])
            return -EFAULT;
        uint64_t want = sw.xfeatures & fpu_xcr0;
        bv &= want;
        if (want & 6) {
            if (!mxcsr_ok(img))
                return -EFAULT;
        } else {
            memcpy(img + FX_MXCSR_OFF, fpu_reset_image + FX_MXCSR_OFF, 4);
        }
    } else {
        /* legacy area only, as FXRSTOR; AVX reset */
        if (!mxcsr_ok(img))
            return -EFAULT;
        memset(img + FPU_FX_SIZE, 0, fpu_size - FPU_FX_SIZE);
        bv = XFEATURE_FPSSE;
    }
    memcpy(img + XHDR_OFF, &bv, 8);
    fpu_restore(img);
    return 0;
}

size_t sigframe_max_size(void)
{
    /* Linux's get_sigframe_size() (x86-64 frames only): the frame, its
     * 16-byte alignment, the FPU image and its 64-byte alignment */
    size_t n = sizeof(struct rt_sigframe) + 15 + fpframe_size() + 63;
    return (n + 15) & ~(size_t)15;
}

int sigframe_setup(struct regs *r, int sig, const struct ksiginfo *info,
                   const struct k_sigaction *sa, uint64_t mask)
{
    struct task *t = current();
    uint64_t sp = r->rsp - 128;
    if ((sa->flags & SA_ONSTACK) && !(t->altstack.flags & SS_DISABLE) && !on_altstack(t, r->rsp))
        sp = t->altstack.sp + t->altstack.size;
    size_t fpsize = fpframe_size();
    sp = (sp - fpsize) & ~63ull;
    uint64_t fpstate = sp;
    sp = ((sp - sizeof(struct rt_sigframe)) & ~15ull) - 8;

    uint8_t img[FPU_MAX_SIZE + 4] __attribute__((aligned(64)));
    fpframe_save(img);

    struct rt_sigframe f;
    memset(&f, 0, sizeof(f));
    f.pretcode = sa->restorer;
    f.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fpu_xcr0 ? UC_FP_XSTATE : 0);
    f.uc.stack.sp = t->altstack.sp;
    f.uc.stack.size = t->altstack.size;
    f.uc.stack.flags = (t->altstack.flags & SS_DISABLE) ? SS_DISABLE
                       : on_altstack(t, r->rsp)         ? SS_ONSTACK
                                                        : 0;
    struct sigcontext_k *mc = &f.uc.mc;
    mc->r8 = r->r8, mc->r9 = r->r9, mc->r10 = r->r10, mc->r11 = r->r11;
    mc->r12 = r->r12, mc->r13 = r->r13, mc->r14 = r->r14, mc->r15 = r->r15;
    mc->rdi = r->rdi, mc->rsi = r->rsi, mc->rbp = r->rbp, mc->rbx = r->rbx;
    mc->rdx = r->rdx, mc->rax = r->rax, mc->rcx = r->rcx, mc->rsp = r->rsp;
    mc->rip = r->rip, mc->eflags = r->rflags;
    mc->cs = GDT_UCODE, mc->ss = GDT_UDATA;
    if (r->vector != VECTOR_SYSCALL) {
        mc->trapno = r->vector;
        mc->err = r->error;
        if (r->vector == 14)
            mc->cr2 = info->fault.addr;
    }
    mc->oldmask = mask;
    mc->fpstate = fpstate;
    f.uc.sigmask = mask;
    f.info = *info;

    if (copy_to_user((void *)fpstate, img, fpsize) || copy_to_user((void *)sp, &f, sizeof(f)))
        return -EFAULT;

    fpu_reset(); /* the handler starts with a clean FPU, as on Linux */

    r->rdi = sig;
    r->rsi = sp + offsetof(struct rt_sigframe, info);
    r->rdx = sp + offsetof(struct rt_sigframe, uc);
    r->rax = 0;
    r->rsp = sp;
    r->rip = sa->handler;
    r->cs = GDT_UCODE;
    r->ss = GDT_UDATA;
    r->rflags &= ~(0x100ull | 0x400ull | 0x10000ull); /* TF DF RF */
    return 0;
}

long signal_sigreturn(struct regs *r)
{
    struct task *t = current();
    struct rt_sigframe f;
    uint64_t sp = r->rsp - 8; /* the handler's ret consumed pretcode */
    if (copy_from_user(&f, (void *)sp, sizeof(f)))
        return -EFAULT;
    struct sigcontext_k *mc = &f.uc.mc;
    /* the FPU first: a bad image leaves the registers for the SIGSEGV */
    if (!mc->fpstate)
        fpu_reset(); /* as Linux: no image, a clean FPU */
    else if (fpframe_restore(mc->fpstate))
        return -EFAULT;
    r->r8 = mc->r8, r->r9 = mc->r9, r->r10 = mc->r10, r->r11 = mc->r11;
    r->r12 = mc->r12, r->r13 = mc->r13, r->r14 = mc->r14, r->r15 = mc->r15;
    r->rdi = mc->rdi, r->rsi = mc->rsi, r->rbp = mc->rbp, r->rbx = mc->rbx;
    r->rdx = mc->rdx, r->rax = mc->rax, r->rcx = mc->rcx, r->rsp = mc->rsp;
    r->rip = mc->rip;
    r->rflags = (r->rflags & ~(uint64_t)FIX_EFLAGS) | (mc->eflags & FIX_EFLAGS) | RFLAGS_IF;
    r->cs = GDT_UCODE;
    r->ss = GDT_UDATA;
    r->vector = 0; /* not a syscall any more: no restart */
    t->sigmask = f.uc.sigmask & ~SIG_UNBLOCKABLE;
    if (!on_altstack(t, r->rsp)) {
        /* restore_altstack: the handler may have changed it; errors ignored */
        if ((f.uc.stack.flags & SS_DISABLE) || f.uc.stack.size >= 2048) {
            t->altstack.sp = f.uc.stack.sp;
            t->altstack.size = f.uc.stack.size;
            t->altstack.flags = f.uc.stack.flags & SS_DISABLE;
        }
    }
    return r->rax;
}
