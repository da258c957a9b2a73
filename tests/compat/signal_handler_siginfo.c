/* signal_handler_siginfo: SA_SIGINFO handlers run before the sending call
 * returns and see si_signo, si_code (SI_TKILL for raise/tgkill, SI_USER for
 * kill, SI_QUEUE with its value for sigqueue), si_pid and si_uid; inside the
 * handler the signal and sa_mask are blocked (not with SA_NODEFER, where it
 * nests), and uc_sigmask holds the interrupted mask, which rt_sigreturn
 * restores (so a handler can change it); a blocked signal waits in
 * sigpending and arrives when unblocked: a standard signal once per pending
 * set (the thread's, from raise/tgkill, then the process's, from kill and
 * sigqueue), a real-time one once per send, in order; several unblocked
 * at once are all delivered before the unblocking call returns, in Linux's
 * order (a frame per signal, lowest number first, so the last frame set up
 * runs first unless sa_mask blocks the rest); SA_RESETHAND reads back
 * SIG_DFL after one delivery; setting SIG_IGN discards a pending signal. */
#include "common.h"
#include <signal.h>
#include <ucontext.h>

static volatile sig_atomic_t count, depth, max_depth, modify_uc, nest;
static volatile int last_signo, last_code, last_pid_ok, last_uid_ok, last_value;
static volatile int self_blocked, usr2_blocked, uc_has_hup, uc_has_self;
static volatile int codes[8];

static void blocked_now(int sig, volatile int *self, volatile int *usr2)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    *self = sigismember(&cur, sig);
    if (usr2)
        *usr2 = sigismember(&cur, SIGUSR2);
}

static void h(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    int saved = errno;
    if (count < 8)
        codes[count] = si->si_code;
    count++;
    last_signo = si->si_signo;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid();
    last_uid_ok = si->si_uid == getuid();
    last_value = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1;
    blocked_now(sig, &self_blocked, &usr2_blocked);
    uc_has_hup = sigismember(&uc->uc_sigmask, SIGHUP);
    uc_has_self = sigismember(&uc->uc_sigmask, sig);
    if (modify_uc)
        sigaddset(&uc->uc_sigmask, SIGUSR2);
    errno = saved;
}

static const char *code_name(int c)
{
    static char buf[32];
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    }
    snprintf(buf, sizeof buf, "%d", c);
    return buf;
}

static void report(const char *what)
{
    printf("%s: count %d signo %d code %s pid %s uid %s value %d\n", what, (int)count, last_signo,
           code_name(last_code), last_pid_ok ? "ok" : "wrong", last_uid_ok ? "ok" : "wrong", last_value);
}

static int is_blocked(int sig)
{
    sigset_t s;
    sigprocmask(SIG_BLOCK, NULL, &s);
    return sigismember(&s, sig);
}

static int is_pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

static void block(int how, int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(how, &s, NULL);
}

/* block SIGUSR1, send it twice (0: raise, raise; 1: kill, kill; 2: kill,
 * raise), then unblock */
static void pending_case(const char *what, int how)
{
    count = 0;
    block(SIG_BLOCK, SIGUSR1);
    if (how == 0)
        raise(SIGUSR1);
    else
        kill(getpid(), SIGUSR1);
    if (how == 1)
        kill(getpid(), SIGUSR1);
    else
        raise(SIGUSR1);
    printf("%s, blocked: count %d, pending %d\n", what, (int)count, is_pending(SIGUSR1));
    block(SIG_UNBLOCK, SIGUSR1);
    printf("%s, unblocked: pending %d, delivered", what, is_pending(SIGUSR1));
    for (int i = 0; i < count; i++)
        printf(" %s", code_name(codes[i]));
    printf("\n");
}

/* real-time: one delivery per send, in order */
static int rt_seen[8], rt_n;
static void h_rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    if (rt_n < 8)
        rt_seen[rt_n++] = si->si_code == SI_QUEUE ? si->si_value.sival_int : 100 + (si->si_code == SI_TKILL);
}

/* delivery order of several pending signals */
static int order[8], order_n;
static void h_order(int sig)
{
    if (order_n < 8)
        order[order_n++] = sig;
}

/* SA_RESETHAND / SA_NODEFER */
static volatile int plain_self_blocked, plain_count;
static void h_plain(int sig)
{
    plain_count++;
    blocked_now(sig, &plain_self_blocked, NULL);
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (nest && plain_count == 1)
        raise(sig);
    depth--;
}

static void set_handler(int sig, void (*fn)(int), int flags, int mask_all)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    if (mask_all)
        sigfillset(&sa.sa_mask);
    else
        sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void ordered(const char *what, int mask_all)
{
    set_handler(SIGHUP, h_order, 0, mask_all);
    set_handler(SIGINT, h_order, 0, mask_all);
    set_handler(SIGUSR2, h_order, 0, mask_all);
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR2);
    raise(SIGHUP);
    raise(SIGINT);
    order_n = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("%s:", what);
    for (int i = 0; i < order_n; i++)
        printf(" %d", order[i]);
    printf("\n");
}

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    SHOW(sigaction(SIGUSR1, &sa, NULL));

    SHOW(raise(SIGUSR1));
    report("raise");
    SHOW(kill(getpid(), SIGUSR1));
    report("kill");
    SHOW(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
    report("tgkill");
    union sigval v = {.sival_int = 42};
    SHOW(sigqueue(getpid(), SIGUSR1, v));
    report("sigqueue");
    printf("in handler: SIGUSR1 blocked %d, SIGUSR2 (sa_mask) blocked %d\n", self_blocked, usr2_blocked);
    printf("after handler: SIGUSR1 blocked %d, SIGUSR2 blocked %d\n", is_blocked(SIGUSR1), is_blocked(SIGUSR2));

    block(SIG_BLOCK, SIGHUP);
    raise(SIGUSR1);
    printf("uc_sigmask: has SIGHUP %d, has SIGUSR1 %d\n", uc_has_hup, uc_has_self);
    block(SIG_UNBLOCK, SIGHUP);
    modify_uc = 1;
    raise(SIGUSR1);
    modify_uc = 0;
    printf("after a handler added SIGUSR2 to uc_sigmask: SIGUSR2 blocked %d\n", is_blocked(SIGUSR2));
    block(SIG_UNBLOCK, SIGUSR2);

    /* blocked, pending, not queued, delivered on unblock */
    pending_case("raise twice", 0);
    pending_case("kill twice", 1);
    pending_case("kill then raise", 2);

    /* real-time signals queue */
    int rt = SIGRTMIN + 2;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(rt, &sa, NULL);
    block(SIG_BLOCK, rt);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i;
        sigqueue(getpid(), rt, v);
    }
    raise(rt);
    printf("rt blocked: delivered %d, pending %d\n", rt_n, is_pending(rt));
    block(SIG_UNBLOCK, rt);
    printf("rt unblocked: pending %d, seen", is_pending(rt));
    for (int i = 0; i < rt_n; i++)
        printf(" %d", rt_seen[i]);
    printf("\n");

    ordered("order, empty sa_mask", 0);
    ordered("order, full sa_mask", 1);

    /* SA_RESETHAND: default again after one delivery */
    set_handler(SIGUSR2, h_plain, SA_RESETHAND, 0);
    plain_count = 0;
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    printf("SA_RESETHAND: count %d, reads back SIG_DFL %d, blocked inside %d\n", plain_count,
           old.sa_handler == SIG_DFL, plain_self_blocked);

    /* default: blocked inside, a raise there waits until the handler returns */
    set_handler(SIGUSR2, h_plain, 0, 0);
    plain_count = 0, max_depth = 0, nest = 1;
    raise(SIGUSR2);
    printf("default: count %d, max depth %d\n", plain_count, (int)max_depth);
    /* SA_NODEFER: not blocked inside, the raise there nests */
    set_handler(SIGUSR2, h_plain, SA_NODEFER, 0);
    plain_count = 0, max_depth = 0;
    raise(SIGUSR2);
    printf("SA_NODEFER: count %d, max depth %d, blocked inside %d\n", plain_count, (int)max_depth,
           plain_self_blocked);
    nest = 0;

    /* SIG_IGN: dropped when sent unblocked; a blocked one stays pending
     * until SIG_IGN is set again, which discards it */
    set_handler(SIGUSR2, SIG_IGN, 0, 0);
    raise(SIGUSR2);
    printf("ignored: pending %d\n", is_pending(SIGUSR2));
    block(SIG_BLOCK, SIGUSR2);
    raise(SIGUSR2);
    printf("ignored but blocked: pending %d\n", is_pending(SIGUSR2));
    set_handler(SIGUSR2, SIG_IGN, 0, 0);
    printf("after setting SIG_IGN again: pending %d\n", is_pending(SIGUSR2));
    block(SIG_UNBLOCK, SIGUSR2);
    return 0;
}
