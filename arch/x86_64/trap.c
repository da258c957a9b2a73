/* arch/x86_64/trap.c: CPU exceptions: user faults become signals, kernel
 * faults on user memory are fixed up through the exception table, anything
 * else in the kernel is a bug and panics with registers and a backtrace. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "kernel/console.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/syscall.h"

struct extable_entry {
    uint64_t insn, fixup;
};
extern const struct extable_entry __extable_start[], __extable_end[];
extern char syscall_entry[];

static const char *const trap_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error", "virtualization", "control protection",
};

void trap_init(void)
{
    cpu_init();
}

static int extable_fixup(struct regs *r)
{
    for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
        if (e->insn == r->rip) {
            r->rip = e->fixup;
            return 1;
        }
    }
    return 0;
}

void trap_dump(const struct regs *r)
{
    const char *name = r->vector < 32 && trap_names[r->vector] ? trap_names[r->vector] : "?";
    kprintf("kiln: kernel exception %lu (%s) error 0x%lx at rip 0x%lx cr2 0x%lx\n",
            r->vector, name, r->error, r->rip, read_cr2());
    kprintf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax, r->rbx, r->rcx, r->rdx);
    kprintf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", r->rsi, r->rdi, r->rbp, r->rsp);
    kprintf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", r->r8, r->r9, r->r10, r->r11);
    kprintf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", r->r12, r->r13, r->r14, r->r15);
    kprintf("  cs %lx ss %lx rflags %lx cr3 %lx\n", r->cs, r->ss, r->rflags, read_cr3());
    kprintf("  backtrace: %lx", r->rip);
    uint64_t *fp = (uint64_t *)r->rbp;
    for (int i = 0; i < 16 && (uint64_t)fp >= KERNEL_VBASE && !((uint64_t)fp & 7); i++) {
        kprintf(" %lx", fp[1]);
        fp = (uint64_t *)fp[0];
    }
    kprintf("\n");
}

void trap_handle(struct regs *r)
{
    int user = r->cs & 3;
    uint64_t addr = 0;

    if (r->vector >= IRQ_VECTOR_TIMER) {
        if (r->vector == IRQ_VECTOR_TIMER) /* a sleep is due, or a slice is over */
            time_irq();
        else
            irq_dispatch(r->vector); /* a device: arch/x86_64/irq.c */
        if (user)
            signal_return_to_user(r);
        return;
    }
    if (r->vector == 14 && user && r->rip == (uint64_t)syscall_entry) {
        /* SYSCALL reached MSR_LSTAR without switching to ring 0 (seen on a
         * software-virtualized KVM): the fetch of the supervisor-only entry
         * page faults from ring 3.  The registers are exactly those SYSCALL
         * leaves, so serve the call here and return with IRET. */
        r->rip = r->rcx;
        r->rflags = r->r11;
        r->vector = VECTOR_SYSCALL;
        r->error = r->rax;
        syscall_dispatch(r);
        return;
    }
    if (r->vector == 14) {
        addr = read_cr2();
        /* Demand paging and copy-on-write, for the program and for the
         * kernel's own copy_*_user on program memory. */
        int err = mm_fault(addr, r->error);
        if (err == 0)
            return;
        if (err == -ENXIO && user) {
            signal_fault(r, SIGBUS, 2 /* BUS_ADRERR */, addr);
            return;
        }
        if (err == -ENOMEM && user) {
            /* Linux's OOM killer would send SIGKILL; say why first */
            kprintf("kiln: out of memory (guest has %lu MiB; use -m)\n",
                    mm_page_total() / 256);
            process_exit(SIGKILL);
        }
    }
    if (user) {
        switch (r->vector) {
        case 0:
            signal_fault(r, SIGFPE, FPE_INTDIV, r->rip);
            break;
        case 1:
        case 3:
            signal_fault(r, SIGTRAP, SI_KERNEL, 0); /* as Linux for int3 */
            break;
        case 6:
            signal_fault(r, SIGILL, ILL_ILLOPN, r->rip);
            break;
        case 14:
            signal_fault(r, SIGSEGV, mm_fault_code(addr), addr);
            break;
        case 16:
        case 19:
            signal_fault(r, SIGFPE, 0, r->rip);
            break;
        case 17:
            signal_fault(r, SIGBUS, BUS_ADRALN, r->rip);
            break;
        default: /* #GP, #SS, #NP...: SIGSEGV with si_addr 0, as Linux */
            signal_fault(r, SIGSEGV, SI_KERNEL, 0);
            break;
        }
        return;
    }
    if (extable_fixup(r))
        return;
    trap_dump(r);
    panic("unhandled kernel exception");
}
