/* syscall/table.c: the dispatch table, generated from syscalls.def, and
 * dispatch itself. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/signal.h"
#include "kernel/task.h"

int syscall_strace;
static struct regs *cur_regs;

#define REAL 0
#define FAKE 1
#define NOSYS 2
const struct syscall_desc syscall_table[NR_SYSCALLS] = {
#define SYSCALL(name, nr, fn, args, kind) [nr] = {(syscall_fn)fn, #name, args, kind},
#include "syscall/syscalls.def"
#undef SYSCALL
};

static const char *const linux_names[NR_SYSCALLS] = {
#define LINUX_SYSCALL(name, nr) [nr] = #name,
#include "syscall/linux_syscalls.h"
#undef LINUX_SYSCALL
};

long sys_enosys(void)
{
    return -ENOSYS;
}

const char *syscall_name(unsigned nr)
{
    return nr < NR_SYSCALLS ? linux_names[nr] : 0;
}

struct regs *syscall_regs(void)
{
    return cur_regs;
}

static long unsupported(unsigned long nr)
{
    static uint8_t warned[NR_SYSCALLS];
    if (nr < NR_SYSCALLS) {
        if (!warned[nr] && (warned[nr] = 1))
            kprintf("kiln: unsupported syscall %s (%lu)\n",
                    linux_names[nr] ? linux_names[nr] : "?", nr);
    } else {
        static int warned_big;
        if (!warned_big++)
            kprintf("kiln: unsupported syscall %lu\n", nr);
    }
    return -ENOSYS;
}

static inline __attribute__((always_inline)) long call(uint64_t nr, const struct regs *r)
{
    if (nr < NR_SYSCALLS && syscall_table[nr].fn)
        return syscall_table[nr].fn(r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
    return unsupported(nr);
}

/* --strace: the call printed after it returns; exit and exit_group, which
 * do not, before ("= ?") */
static __attribute__((noinline)) long call_traced(uint64_t nr, const struct regs *r)
{
    if (nr == 60 || nr == 231)
        strace_print(nr, r, STRACE_NORETURN);
    long ret = call(nr, r);
    strace_print(nr, r, ret);
    return ret;
}

void syscall_dispatch(struct regs *r)
{
    uint64_t nr = r->rax;
    long ret;
    cur_regs = r;
    /* one test of syscall_strace per call: the path is counted (bench/icount) */
    ret = __builtin_expect(syscall_strace, 0) ? call_traced(nr, r) : call(nr, r);
    r->rax = ret;
    /* pending signals, a due reschedule, or a call to restart */
    if (sched_need_resched || signal_pending_for(current()) || (unsigned long)(ret + 514) <= 2)
        signal_return_to_user(r);
}
