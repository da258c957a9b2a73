/* signal_segv_recover_siglongjmp: hardware faults reach an SA_SIGINFO
 * handler with Linux's siginfo and machine context, and siglongjmp gets out
 * with the signal mask restored.  SIGSEGV: SEGV_MAPERR for unmapped (also
 * NULL+16 and a kernel-half address), SEGV_ACCERR for writing a PROT_READ
 * page, reading a PROT_NONE page or executing a non-exec page; si_addr is
 * the faulting address, REG_TRAPNO is 14 and REG_ERR has the write and
 * instruction-fetch bits; a non-canonical address is a #GP: SI_KERNEL with
 * si_addr 0.  SIGBUS BUS_ADRERR for a file page past EOF.  SIGFPE
 * FPE_INTDIV for x/0 and LONG_MIN/-1, SIGILL ILL_ILLOPN for ud2 (si_addr and
 * REG_RIP at the instruction), SIGTRAP SI_KERNEL for int3 (REG_RIP after
 * it).  raise(SIGSEGV) is SI_TKILL. */
#include "common.h"
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile greg_t got_rip, got_err, got_trapno;
static void *volatile fault_ip; /* set by the faulting asm just before it faults */

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_rip = uc->uc_mcontext.gregs[REG_RIP];
    got_err = uc->uc_mcontext.gregs[REG_ERR];
    got_trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    siglongjmp(env, 1);
}

static void load(uintptr_t addr)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %0\n"
                     "1:\tmovb (%1), %%al"
                     : "=m"(fault_ip)
                     : "r"(addr)
                     : "rax", "rcx", "memory");
}

static void store(uintptr_t addr)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %0\n"
                     "1:\tmovb $1, (%1)"
                     : "=m"(fault_ip)
                     : "r"(addr)
                     : "rcx", "memory");
}

static void call(uintptr_t addr)
{
    fault_ip = (void *)addr;
    ((void (*)(void))addr)();
}

static void divide(long n, long d)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %0\n\t"
                     "cqo\n"
                     "1:\tidivq %2"
                     : "=m"(fault_ip), "+a"(n)
                     : "r"(d)
                     : "rcx", "rdx", "memory");
}

static void ud2(void)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %0\n"
                     "1:\tud2"
                     : "=m"(fault_ip)
                     :
                     : "rcx", "memory");
}

static void int3(void)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %0\n\t"
                     "int3\n"
                     "1:"
                     : "=m"(fault_ip)
                     :
                     : "rcx", "memory");
}

static const char *code_name(int sig, int c)
{
    static char buf[16];
    if (c == SI_KERNEL) return "SI_KERNEL";
    if (c == SI_TKILL) return "SI_TKILL";
    if (sig == SIGSEGV && c == SEGV_MAPERR) return "SEGV_MAPERR";
    if (sig == SIGSEGV && c == SEGV_ACCERR) return "SEGV_ACCERR";
    if (sig == SIGBUS && c == BUS_ADRERR) return "BUS_ADRERR";
    if (sig == SIGFPE && c == FPE_INTDIV) return "FPE_INTDIV";
    if (sig == SIGILL && c == ILL_ILLOPN) return "ILL_ILLOPN";
    snprintf(buf, sizeof buf, "%d", c);
    return buf;
}

enum { NONE, LOAD, STORE, CALL, DIV, UD2, INT3, RAISE };
#define AT_INSN ((void *)-1) /* want si_addr == the faulting instruction */

static const char *sig_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    }
    return "other";
}

/* run one faulting operation; report what the handler saw */
static void attempt(const char *what, int op, uintptr_t a, long b, void *want_addr)
{
    got_sig = 0;
    fault_ip = NULL;
    if (sigsetjmp(env, 1) == 0) {
        switch (op) {
        case LOAD: load(a); break;
        case STORE: store(a); break;
        case CALL: call(a); break;
        case DIV: divide((long)a, b); break;
        case UD2: ud2(); break;
        case INT3: int3(); break;
        case RAISE: raise(SIGSEGV); break;
        }
        printf("%s: no signal\n", what);
        return;
    }
    printf("%s: %s %s", what, sig_name(got_sig), code_name(got_sig, got_code));
    if (op != RAISE) {
        if (want_addr == AT_INSN)
            want_addr = fault_ip;
        printf(", si_addr %s", got_addr == want_addr ? "as expected" : "WRONG");
        /* int3 is a trap: the label, and rip, are just past it */
        printf(", rip %s %s", op == INT3 ? "past the instruction" : "at the instruction",
               (void *)got_rip == fault_ip ? "yes" : "no");
    }
    if (got_sig == SIGSEGV && got_code != SI_KERNEL && op != RAISE)
        printf(", trapno %ld, write %ld, fetch %ld", (long)got_trapno, (long)(got_err >> 1) & 1,
               (long)(got_err >> 4) & 1);
    printf("\n");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);

    size_t pg = 4096;
    char *gone = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *data = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    data[0] = 0xc3; /* ret, but the page is not executable */
    volatile char sink = ro[0]; /* the read-only page is mapped (reads as 0) */
    (void)sink;
    put_file("short", "x");
    int fd = open("short", O_RDONLY);
    char *f = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    munmap(gone, pg); /* last: no later mmap may reuse it before the tests below */

    attempt("read unmapped", LOAD, (uintptr_t)gone + 100, 0, gone + 100);
    attempt("write unmapped", STORE, (uintptr_t)gone + 200, 0, gone + 200);
    attempt("read NULL+16", LOAD, 16, 0, (void *)16);
    attempt("write PROT_READ", STORE, (uintptr_t)ro + 5, 0, ro + 5);
    attempt("read PROT_NONE", LOAD, (uintptr_t)none + 7, 0, none + 7);
    attempt("execute non-exec page", CALL, (uintptr_t)data, 0, data);
    attempt("read kernel half", LOAD, 0xffff888000001000UL, 0, (void *)0xffff888000001000UL);
    attempt("read non-canonical", LOAD, 0x8000900000000000UL, 0, NULL);
    printf("read-only page still reads %d\n", ro[5]);

    printf("file byte 0 '%c', byte 100 %d\n", f[0], f[100]);
    attempt("read file page past EOF", LOAD, (uintptr_t)f + pg + 8, 0, f + pg + 8);

    attempt("divide by zero", DIV, 7, 0, AT_INSN);
    attempt("LONG_MIN / -1", DIV, (uintptr_t)LONG_MIN, -1, AT_INSN);
    attempt("divide 42 by 5", DIV, 42, 5, NULL);
    attempt("ud2", UD2, 0, 0, AT_INSN);
    attempt("int3", INT3, 0, 0, NULL);
    attempt("raise(SIGSEGV)", RAISE, 0, 0, NULL);

    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    int any = 0;
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        any |= sigismember(&cur, sigs[i]);
    printf("fault signals blocked after all that: %s\n", any ? "yes" : "no");
    return 0;
}
