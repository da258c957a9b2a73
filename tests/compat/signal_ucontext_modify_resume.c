/* signal_ucontext_modify_resume: a handler may change the interrupted
 * context and rt_sigreturn resumes there.  SIGILL from ud2: the handler
 * advances REG_RIP past the instruction and sets REG_RAX, and execution
 * goes on after it with that rax; SIGSEGV from a load into rax: the
 * handler writes a value into rax and skips the load; SIGTRAP from int3
 * (REG_RIP already after it) changes rbx; SIGFPE from a divide changes the
 * divisor register and resumes at the div, which then succeeds; the FPU
 * state in the frame (uc_mcontext.fpregs) holds the interrupted xmm0 and a
 * change to it is seen after return.  The raw signal calls: rt_sigqueueinfo
 * to itself with SI_QUEUE and a value (any si_code is allowed to oneself;
 * bad signal, pid and pointer errors), rt_tgsigqueueinfo to a thread, tkill
 * (SI_TKILL), rt_sigpending with a size up to 8 (16 is EINVAL), rt_sigsuspend
 * with a wrong size (EINVAL). */
#include "common.h"
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

static volatile int hits;
static volatile long seen_value;
static volatile int seen_code, seen_signo;

static void on_ill(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    uc->uc_mcontext.gregs[REG_RIP] += 2; /* ud2 is two bytes */
    uc->uc_mcontext.gregs[REG_RAX] = 0x1234;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    uc->uc_mcontext.gregs[REG_RAX] = 77;
    uc->uc_mcontext.gregs[REG_RIP] += 3; /* mov (%rdx),%rax: 48 8b 02 */
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    uc->uc_mcontext.gregs[REG_RBX] = 4242;
}

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    uc->uc_mcontext.gregs[REG_RCX] = 7; /* the divisor: the div runs again */
}

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    /* xmm0 as interrupted, then changed for the code after the return */
    uint32_t *x = (uint32_t *)&uc->uc_mcontext.fpregs->_xmm[0];
    seen_value = x[0];
    x[0] = 0xabcd;
}

static void on_info(int sig, siginfo_t *si, void *ctx)
{
    seen_signo = si->si_signo;
    seen_code = si->si_code;
    seen_value = si->si_value.sival_int;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa = {0};
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    long rax, rbx;
    handle(SIGILL, on_ill);
    __asm__ volatile("xor %%eax, %%eax\n\tud2" : "=a"(rax)::"memory");
    printf("after ud2: rax 0x%lx, handler ran %d\n", rax, hits);

    handle(SIGSEGV, on_segv);
    __asm__ volatile("mov (%%rdx), %%rax" : "=a"(rax) : "d"(16L) : "memory");
    printf("after the bad load: rax %ld, handler ran %d\n", rax, hits);

    handle(SIGTRAP, on_trap);
    __asm__ volatile("mov $1, %%ebx\n\tint3" : "=b"(rbx)::"memory");
    printf("after int3: rbx %ld, handler ran %d\n", rbx, hits);

    handle(SIGFPE, on_fpe);
    long q, r;
    __asm__ volatile("xor %%edx, %%edx\n\tdiv %%rcx"
                     : "=a"(q), "=d"(r)
                     : "a"(100L), "c"(0L)
                     : "memory");
    printf("after the divide: 100 / x = %ld rem %ld, handler ran %d\n", q, r, hits);

    handle(SIGUSR1, on_usr1);
    uint32_t out;
    __asm__ volatile("mov $0x5151, %%eax\n\tmovd %%eax, %%xmm0\n\t"
                     "mov %[nr], %%eax\n\tmov %[pid], %%edi\n\tmov %[tid], %%esi\n\t"
                     "mov %[sig], %%edx\n\tsyscall\n\tmovd %%xmm0, %[out]"
                     : [out] "=r"(out)
                     : [nr] "i"(SYS_tgkill), [pid] "r"(getpid()),
                       [tid] "r"((int)syscall(SYS_gettid)), [sig] "i"(SIGUSR1)
                     : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "xmm0", "memory");
    printf("xmm0 in the frame 0x%lx, after return 0x%x, handler ran %d\n", seen_value, out, hits);

    /* raw signal calls */
    handle(SIGUSR2, on_info);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    si.si_signo = SIGUSR2;
    si.si_code = SI_QUEUE;
    si.si_value.sival_int = 99;
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si));
    printf("got signo %d code %d value %ld\n", seen_signo, seen_code, seen_value);
    si.si_value.sival_int = 98;
    SHOW(syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGUSR2, &si));
    printf("got signo %d code %d value %ld\n", seen_signo, seen_code, seen_value);
    si.si_code = SI_KERNEL;
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si));
    si.si_code = SI_TKILL;
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si));
    si.si_code = SI_QUEUE;
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), 0, &si));
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si));
    SHOW(syscall(SYS_rt_sigqueueinfo, 999999, SIGUSR2, &si));
    SHOW(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, (void *)8));
    SHOW(syscall(SYS_rt_tgsigqueueinfo, getpid(), 999999, SIGUSR2, &si));
    seen_code = 0;
    SHOW(syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR2));
    printf("tkill: signo %d code %d\n", seen_signo, seen_code);
    SHOW(syscall(SYS_tkill, 0, SIGUSR2));
    SHOW(syscall(SYS_tkill, 999999, SIGUSR2));

    uint64_t set[2] = {0, 0};
    SHOW(syscall(SYS_rt_sigpending, set, 8));
    SHOW(syscall(SYS_rt_sigpending, set, 4));
    SHOW(syscall(SYS_rt_sigpending, set, 16));
    SHOW(syscall(SYS_rt_sigpending, (void *)8, 8));
    SHOW(syscall(SYS_rt_sigsuspend, set, 4));
    return 0;
}
