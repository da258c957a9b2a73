/* signal_altstack_overflow: sigaltstack reads back SS_DISABLE at first and
 * the installed stack after; a SIGSEGV handler with SA_ONSTACK catches a
 * stack overflow from unbounded recursion, runs on the alternate stack
 * (a local's address lies in it, sigaltstack reports SS_ONSTACK, and
 * changing the stack there is EPERM) and siglongjmps out; afterwards the
 * alternate stack is no longer in use and a second overflow is caught the
 * same way.  A handler without SA_ONSTACK runs on the normal stack.  Too
 * small a stack is ENOMEM, bad flags EINVAL; SS_DISABLE turns it off. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#define ALT_SIZE (64 * 1024)

static char *alt;
static sigjmp_buf env;
static volatile int on_alt, flag_onstack, set_errno, got_code, calls;

static int in_alt(const void *p)
{
    return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

static void segv(int sig, siginfo_t *si, void *uc)
{
    volatile char local;
    stack_t cur, other;
    (void)sig, (void)uc;
    got_code = si->si_code;
    on_alt = in_alt((const void *)&local);
    flag_onstack = sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_ONSTACK);
    other.ss_sp = alt;
    other.ss_size = ALT_SIZE;
    other.ss_flags = 0;
    set_errno = sigaltstack(&other, NULL) == -1 ? errno : 0;
    siglongjmp(env, 1);
}

static void usr1(int sig)
{
    volatile char local;
    (void)sig;
    on_alt = in_alt((const void *)&local);
}

static int (*volatile next)(int);

static int recurse(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    calls = n;
    return next(n + 1) + pad[0];
}

static void overflow(const char *what)
{
    on_alt = flag_onstack = set_errno = got_code = -1;
    if (sigsetjmp(env, 1) == 0) {
        recurse(0);
        printf("%s: returned?\n", what);
        return;
    }
    printf("%s: caught, code %s, on alt stack %s, SS_ONSTACK %s, sigaltstack there %s, deep %s\n", what,
           got_code == SEGV_MAPERR ? "SEGV_MAPERR" : got_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
           on_alt == 1 ? "yes" : "no", flag_onstack == 1 ? "yes" : "no",
           set_errno == EPERM ? "EPERM" : set_errno ? strerror(set_errno) : "allowed",
           calls > 1000 ? "yes" : "no");
}

static void show_ss(const char *what)
{
    stack_t cur;
    memset(&cur, 0, sizeof cur);
    if (sigaltstack(NULL, &cur) == -1) {
        printf("%s: -1 errno %d\n", what, errno);
        return;
    }
    printf("%s: flags%s%s%s, sp %s, size %s\n", what, cur.ss_flags & SS_DISABLE ? " SS_DISABLE" : "",
           cur.ss_flags & SS_ONSTACK ? " SS_ONSTACK" : "", cur.ss_flags ? "" : " 0",
           cur.ss_sp == alt ? "ours" : cur.ss_sp == NULL ? "NULL" : "other",
           cur.ss_size == ALT_SIZE ? "ours" : cur.ss_size == 0 ? "0" : "other");
}

int main(void)
{
    next = recurse;
    alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show_ss("initial");

    stack_t ss = {.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
    SHOW(sigaltstack(&ss, NULL));
    ss.ss_size = ALT_SIZE;
    ss.ss_flags = 0x1234;
    SHOW(sigaltstack(&ss, NULL));
    ss.ss_flags = 0;
    stack_t old;
    SHOW(sigaltstack(&ss, &old));
    printf("old had SS_DISABLE: %d\n", (old.ss_flags & SS_DISABLE) != 0);
    show_ss("installed");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    SHOW(sigaction(SIGSEGV, &sa, NULL));
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = usr1;
    sigemptyset(&sa.sa_mask);
    SHOW(sigaction(SIGUSR1, &sa, NULL));

    on_alt = -1;
    raise(SIGUSR1);
    printf("handler without SA_ONSTACK on alt stack: %s\n", on_alt == 1 ? "yes" : "no");
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("handler with SA_ONSTACK on alt stack: %s\n", on_alt == 1 ? "yes" : "no");

    overflow("first overflow");
    show_ss("after siglongjmp");
    overflow("second overflow");
    show_ss("after the second");

    ss.ss_flags = SS_DISABLE;
    SHOW(sigaltstack(&ss, NULL));
    show_ss("disabled");
    raise(SIGUSR1);
    printf("SA_ONSTACK handler with the alt stack disabled on it: %s\n", on_alt == 1 ? "yes" : "no");
    return 0;
}
