/* arch/x86_64/sigframe.c: the x86-64 Linux signal frame, built on the user
 * stack for a handler and read back by rt_sigreturn.
 *
 *   sp ->  pretcode (sa_restorer: the handler's return address)
 *          struct ucontext (flags, link, stack, sigcontext, sigmask)
 *          siginfo_t
 *          ...
 *          512-byte FXSAVE image (64-byte aligned), uc.mcontext.fpstate
 *   old sp - 128 (the red zone is left alone)
 *
 * The FPU image is the legacy FXSAVE layout with no XSAVE extension: AVX
 * upper halves are not preserved across a handler.
 */
#include "include/linux/errno.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

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

_Static_assert(sizeof(struct sigcontext_k) == 256, "sigcontext layout");
_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo layout");

static int on_altstack(const struct task *t, uint64_t sp)
{
    return !(t->altstack.flags & SS_DISABLE) && sp - t->altstack.sp <= t->altstack.size;
}

int sigframe_setup(struct regs *r, int sig, const struct ksiginfo *info,
                   const struct k_sigaction *sa, uint64_t mask)
{
    struct task *t = current();
    uint64_t sp = r->rsp - 128;
    if ((sa->flags & SA_ONSTACK) && !(t->altstack.flags & SS_DISABLE) && !on_altstack(t, r->rsp))
        sp = t->altstack.sp + t->altstack.size;
    sp = (sp - 512) & ~63ull;
    uint64_t fpstate = sp;
    sp = ((sp - sizeof(struct rt_sigframe)) & ~15ull) - 8;

    uint8_t fx[512] __attribute__((aligned(16)));
    memset(fx, 0, sizeof(fx));
    fpu_save_fx(fx);
    memset(fx + 464, 0, 48); /* software-reserved bytes: no XSAVE magic */

    struct rt_sigframe f;
    memset(&f, 0, sizeof(f));
    f.pretcode = sa->restorer;
    f.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
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

    if (copy_to_user((void *)fpstate, fx, sizeof(fx)) || copy_to_user((void *)sp, &f, sizeof(f)))
        return -EFAULT;

    /* the handler starts with a clean FPU, as on Linux (FXRSTOR of the
     * reset image: the emulated ring 0 of some KVMs cannot do LDMXCSR) */
    fpu_restore_fx(fpu_reset_image);

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
    if (mc->fpstate) {
        uint8_t fx[512] __attribute__((aligned(16)));
        if (copy_from_user(fx, (void *)mc->fpstate, sizeof(fx)))
            return -EFAULT;
        uint32_t *mxcsr = (uint32_t *)(fx + 24);
        *mxcsr &= 0xffbf; /* reserved bits would fault in FXRSTOR */
        fpu_restore_fx(fx);
    }
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
