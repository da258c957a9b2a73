/* syscall/sys_timer.c: alarm, setitimer/getitimer (ITIMER_REAL, and the
 * CPU-time ITIMER_VIRTUAL/PROF), POSIX timers (timer_create & co,
 * SIGEV_SIGNAL, SIGEV_THREAD_ID, SIGEV_NONE; on CPU-time clocks too). */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/ktimer.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define SI_TIMER (-2)
#define TIMER_MAX 256

struct ptimer {
    struct ktimer kt;           /* first: container_of by cast */
    struct list link;           /* process->posix_timers */
    struct process *owner;
    int id, clock, notify, signo, tid, overrun, pending_overrun;
    uint64_t value;             /* sigev_value */
    uint64_t interval;          /* ns */
    int cpu_tid;                /* CLOCK_THREAD_CPUTIME_ID: the creator, whose time counts */
    uint64_t cpu_expires;       /* CPU-time clocks: the expiry in that clock's ns */
    uint64_t cpu_seen;          /* that clock at the last check */
    int itimer;                 /* ITIMER_VIRTUAL/PROF: not a timer_create one (SI_KERNEL) */
};

static void real_fire(struct ktimer *kt);

struct itimer {
    struct ktimer kt;           /* first: process->itimer_real points here */
    struct process *owner;
    uint64_t interval;
};

/* The calling process's ITIMER_REAL, created on first use; NULL on ENOMEM. */
static struct itimer *real_timer(void)
{
    struct process *p = current()->proc;
    if (!p->itimer_real) {
        struct itimer *it = kzalloc(sizeof(*it));
        if (!it)
            return 0;
        ktimer_init(&it->kt, real_fire);
        it->owner = p;
        p->itimer_real = &it->kt;
    }
    return (struct itimer *)p->itimer_real;
}

static int from_ts(const struct timespec64 *ts, uint64_t *ns)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec > 999999999)
        return -EINVAL;
    *ns = ts->tv_sec * 1000000000ull + ts->tv_nsec;
    return 0;
}

/* ---- ITIMER_REAL and alarm ---- */

static void real_fire(struct ktimer *kt)
{
    struct itimer *it = (struct itimer *)kt;
    struct ksiginfo info;
    memset(&info, 0, sizeof(info));
    info.code = SI_KERNEL;
    signal_send_process(it->owner, SIGALRM, &info);
    if (it->interval)
        ktimer_arm(kt, time_mono_ns() + it->interval);
}

static uint64_t real_left(struct itimer *it)
{
    uint64_t now = time_mono_ns();
    return it->kt.expires > now ? it->kt.expires - now : 0;
}

struct itimerval_k {
    int64_t isec, iusec, vsec, vusec;
};

static struct ptimer *cpu_itimer(struct process *p, int which, int create);
static void cpu_itimer_get(struct ptimer *t, struct itimerval_k *v);
static uint64_t ptimer_cpu_now(struct ptimer *t);

long sys_getitimer(int which, struct itimerval_k *uv)
{
    struct itimerval_k v;
    memset(&v, 0, sizeof(v));
    if (which < 0 || which > 2)
        return -EINVAL;
    if (which != ITIMER_REAL) {
        struct ptimer *t = cpu_itimer(current()->proc, which, 0);
        if (t)
            cpu_itimer_get(t, &v);
        return copy_to_user(uv, &v, sizeof(v));
    }
    struct itimer *it = (struct itimer *)current()->proc->itimer_real;
    if (which == ITIMER_REAL && it) {
        uint64_t left = it->kt.expires ? real_left(it) : 0;
        if (it->kt.expires && !left)
            left = 1000;
        v.isec = it->interval / 1000000000;
        v.iusec = it->interval % 1000000000 / 1000;
        v.vsec = left / 1000000000;
        v.vusec = (left % 1000000000 + 999) / 1000;
    }
    return copy_to_user(uv, &v, sizeof(v));
}

long sys_setitimer(int which, const struct itimerval_k *unew, struct itimerval_k *uold)
{
    struct itimerval_k n;
    if (which < 0 || which > 2)
        return -EINVAL;
    if (unew && copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (unew && (n.iusec < 0 || n.iusec >= 1000000 || n.vusec < 0 || n.vusec >= 1000000 ||
                 n.isec < 0 || n.vsec < 0))
        return -EINVAL;
    if (uold) {
        long err = sys_getitimer(which, uold);
        if (err)
            return err;
    }
    if (!unew)
        return 0;
    if (which != ITIMER_REAL) {
        struct ptimer *t = cpu_itimer(current()->proc, which, 1);
        if (!t)
            return -ENOMEM;
        uint64_t value = n.vsec * 1000000000ull + n.vusec * 1000, cpu = ptimer_cpu_now(t);
        if (value)
            value += 4000000; /* Linux adds a tick (250 Hz) to the first expiry */
        t->interval = n.isec * 1000000000ull + n.iusec * 1000;
        t->cpu_expires = cpu + value;
        t->overrun = t->pending_overrun = 0;
        ktimer_arm(&t->kt, value ? time_mono_ns() + value + 1 : 0);
        return 0;
    }
    struct itimer *it = real_timer();
    if (!it)
        return -ENOMEM;
    uint64_t value = n.vsec * 1000000000ull + n.vusec * 1000;
    it->interval = n.isec * 1000000000ull + n.iusec * 1000;
    ktimer_arm(&it->kt, value ? time_mono_ns() + value : 0);
    return 0;
}

long sys_alarm(unsigned secs)
{
    struct itimer *it = real_timer();
    if (!it)
        return 0; /* alarm cannot fail */
    uint64_t left = it->kt.expires ? real_left(it) : 0;
    it->interval = 0;
    ktimer_arm(&it->kt, secs ? time_mono_ns() + secs * 1000000000ull : 0);
    /* Linux rounds the remainder to the nearest second, at least 1 if armed */
    unsigned r = (left + 500000000) / 1000000000;
    return left && !r ? 1 : r;
}

/* ---- POSIX timers ---- */

static void ptimer_free(struct ptimer *t)
{
    ktimer_cancel(&t->kt);
    list_del(&t->link);
    kfree(t);
}

static struct ptimer *find_timer(int id)
{
    struct list *it;
    list_for_each(it, &current()->proc->posix_timers)
    {
        struct ptimer *t = list_entry(it, struct ptimer, link);
        if (t->id == id)
            return t;
    }
    return 0;
}

/* Where t's signal waits while pending (the target thread, or the process
 * for SIGEV_SIGNAL), or NULL if it is not pending.  *target gets the thread. */
static struct ksiginfo *ptimer_pending(struct ptimer *t, struct task **target)
{
    *target = t->notify == SIGEV_THREAD_ID ? task_find(t->owner, t->tid) : 0;
    uint64_t pending = *target ? (*target)->sig_pending : t->owner->sig_pending;
    if (!(pending & SIG_BIT(t->signo)))
        return 0;
    return *target ? &(*target)->sig_info[t->signo - 1] : &t->owner->sig_info[t->signo - 1];
}

/* Overruns as Linux counts them: an expiry while the timer's last signal is
 * still pending sends nothing but is counted (pending_overrun), in that
 * signal's si_overrun (a standard signal's siginfo is kept per number and
 * is updated in place; a real-time one keeps the count it was sent with),
 * and timer_getoverrun reports the count of the last signal delivered:
 * pending_overrun once the signal is no longer pending, else the previous
 * one's (overrun, saved when the next is sent). */
/* CLOCK_PROCESS/THREAD_CPUTIME_ID, or a CPU clock named by pid or tid
 * (~id << 3 | 4 for a thread | which: glibc's timer_create passes these). */
static int is_cpu_clock(int clock)
{
    return clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID || clock < 0;
}

/* The CPU time a CPU-clock timer counts (ns): the creating thread's or a
 * named one's, its process's or a named one's; one that is gone stays put. */
static uint64_t ptimer_cpu_now(struct ptimer *t)
{
    int id = t->clock < 0 ? ~(t->clock >> 3) : 0;
    int thread = t->clock < 0 ? (t->clock & 4) : t->clock == CLOCK_THREAD_CPUTIME_ID;
    if (thread) {
        struct task *th = task_find(t->owner, id ? id : t->cpu_tid);
        return th ? task_cputime(th) : 0;
    }
    struct process *p = id ? process_find(id) : t->owner;
    return p && p->state == PROC_ALIVE ? process_cputime(p) : 0;
}

/* A CPU-clock timer waits on the monotonic clock for the earliest moment
 * its CPU time could reach the expiry (one CPU: CPU time never runs faster
 * than wall time), then checks: not yet (the program slept) means wait
 * again for what is left, or 10 ms if it did not run at all since the
 * last check (a sleeping program is not polled faster than that).  Returns
 * 1 when the timer has expired (and is re-armed for its next period). */
static int ptimer_cpu_due(struct ptimer *t)
{
    uint64_t now = ptimer_cpu_now(t), left = t->cpu_expires - now;
    if (now < t->cpu_expires) {
        if (now == t->cpu_seen && left < 10000000)
            left = 10000000;
        t->cpu_seen = now;
        ktimer_arm(&t->kt, time_mono_ns() + left);
        return 0;
    }
    t->cpu_seen = now;
    if (t->interval) {
        t->cpu_expires += t->interval;
        if (t->cpu_expires <= now)
            t->cpu_expires = now + t->interval;
        ktimer_arm(&t->kt, time_mono_ns() + (t->cpu_expires - now));
    }
    return 1;
}

static void ptimer_fire(struct ktimer *kt)
{
    struct ptimer *t = (struct ptimer *)kt;
    if (is_cpu_clock(t->clock)) {
        if (!ptimer_cpu_due(t))
            return;
    } else if (t->interval)
        ktimer_arm(kt, t->kt.expires ? t->kt.expires : time_mono_ns() + t->interval);
    if (t->notify == SIGEV_NONE)
        return;
    struct task *target;
    struct ksiginfo *pend = ptimer_pending(t, &target);
    if (pend) {
        t->pending_overrun++;
        if (t->signo < 32 && pend->code == SI_TIMER && pend->kill.pid == t->id)
            pend->kill.uid = t->pending_overrun; /* si_overrun */
        return;
    }
    struct ksiginfo info;
    memset(&info, 0, sizeof(info));
    info.signo = t->signo;
    info.code = t->itimer ? SI_KERNEL : SI_TIMER;
    if (!t->itimer) {
        info.kill.pid = t->id;      /* si_tid: the timer id */
        info.kill.value = t->value; /* si_overrun (kill.uid): 0 */
    }
    t->overrun = t->pending_overrun;
    t->pending_overrun = 0;
    if (target)
        signal_send_task(target, t->signo, &info);
    else
        signal_send_process(t->owner, t->signo, &info);
}

struct sigevent_k {
    uint64_t value;
    int32_t signo, notify;
    int32_t tid;
    int32_t pad[11];
};

/* ITIMER_VIRTUAL and ITIMER_PROF: CPU-time timers of the process sending
 * SIGVTALRM and SIGPROF (kiln keeps one CPU time, so VIRTUAL counts system
 * time too); not in the timer_create list.  NULL if none and !create, or
 * on ENOMEM. */
static struct ptimer *cpu_itimer(struct process *p, int which, int create)
{
    struct ktimer **slot = &p->itimer_cpu[which - 1];
    if (*slot || !create)
        return (struct ptimer *)*slot;
    struct ptimer *t = kzalloc(sizeof(*t));
    if (!t)
        return 0;
    ktimer_init(&t->kt, ptimer_fire);
    list_init(&t->link);
    t->owner = p;
    t->clock = CLOCK_PROCESS_CPUTIME_ID;
    t->notify = SIGEV_SIGNAL;
    t->signo = which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
    t->itimer = 1;
    *slot = &t->kt;
    return t;
}

static void cpu_itimer_get(struct ptimer *t, struct itimerval_k *v)
{
    uint64_t cpu = ptimer_cpu_now(t);
    uint64_t left = !t->kt.expires ? 0 : t->cpu_expires > cpu ? t->cpu_expires - cpu : 1000;
    v->isec = t->interval / 1000000000;
    v->iusec = t->interval % 1000000000 / 1000;
    v->vsec = left / 1000000000;
    v->vusec = (left % 1000000000 + 999) / 1000;
}

long sys_timer_create(int clock, const struct sigevent_k *usev, int *uid)
{
    struct sigevent_k ev;
    uint64_t ns;
    if (clock < 0 ? sys_clock_getres(clock, 0) : time_clock_ns(clock, &ns))
        return -EINVAL; /* sys_clock_getres checks a CPU clock's pid or tid */
    if (usev) {
        if (copy_from_user(&ev, usev, sizeof(ev)))
            return -EFAULT;
    } else {
        memset(&ev, 0, sizeof(ev));
        ev.signo = SIGALRM;
        ev.notify = SIGEV_SIGNAL;
    }
    if (ev.notify != SIGEV_SIGNAL && ev.notify != SIGEV_NONE && ev.notify != SIGEV_THREAD_ID &&
        ev.notify != (SIGEV_SIGNAL | SIGEV_THREAD_ID))
        return -EINVAL;
    if (ev.notify != SIGEV_NONE && (ev.signo < 1 || ev.signo > NSIG))
        return -EINVAL;
    if ((ev.notify & SIGEV_THREAD_ID) && !task_find(current()->proc, ev.tid))
        return -EINVAL;
    int n = 0;
    struct list *it;
    struct process *p = current()->proc;
    list_for_each(it, &p->posix_timers) n++;
    if (n >= TIMER_MAX)
        return -EAGAIN;
    struct ptimer *t = kzalloc(sizeof(*t));
    if (!t)
        return -EAGAIN;
    ktimer_init(&t->kt, ptimer_fire);
    t->id = p->next_timer_id++;
    t->owner = p;
    t->clock = clock;
    t->cpu_tid = current()->tid;
    t->notify = (ev.notify & SIGEV_THREAD_ID) ? SIGEV_THREAD_ID : ev.notify;
    t->signo = ev.signo;
    t->tid = ev.tid;
    t->value = usev ? ev.value : (uint64_t)t->id;
    if (copy_to_user(uid, &t->id, sizeof(int))) {
        kfree(t);
        return -EFAULT;
    }
    list_add_tail(&p->posix_timers, &t->link);
    return 0;
}

struct itimerspec_k {
    struct timespec64 interval, value;
};

static void timer_get(struct ptimer *t, struct itimerspec_k *v)
{
    uint64_t now = time_mono_ns();
    time_ns_to_ts(t->interval, &v->interval);
    if (is_cpu_clock(t->clock)) {
        uint64_t cpu = ptimer_cpu_now(t);
        uint64_t left = t->cpu_expires > cpu ? t->cpu_expires - cpu : 1;
        time_ns_to_ts(t->kt.expires ? left : 0, &v->value);
        return;
    }
    time_ns_to_ts(t->kt.expires > now ? t->kt.expires - now : (t->kt.expires ? 1 : 0), &v->value);
}

long sys_timer_settime(int id, int flags, const struct itimerspec_k *unew,
                       struct itimerspec_k *uold)
{
    struct ptimer *t = find_timer(id);
    struct itimerspec_k n, o;
    uint64_t value, interval;
    if (!t)
        return -EINVAL;
    if (copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (from_ts(&n.value, &value) || from_ts(&n.interval, &interval))
        return -EINVAL;
    if (uold) {
        timer_get(t, &o);
        if (copy_to_user(uold, &o, sizeof(o)))
            return -EFAULT;
    }
    t->interval = interval;
    t->pending_overrun = 0;
    if (!value) {
        ktimer_cancel(&t->kt);
        return 0;
    }
    uint64_t now = time_mono_ns(), expires = now + value;
    if (is_cpu_clock(t->clock)) {
        uint64_t cpu = ptimer_cpu_now(t);
        t->cpu_expires = (flags & TIMER_ABSTIME) ? value : cpu + value;
        ktimer_arm(&t->kt, now + (t->cpu_expires > cpu ? t->cpu_expires - cpu : 0) + 1);
        return 0;
    }
    if (flags & TIMER_ABSTIME) {
        uint64_t base;
        time_clock_ns(t->clock, &base);
        expires = value > base ? now + (value - base) : now;
    }
    ktimer_arm(&t->kt, expires ? expires : 1);
    return 0;
}

long sys_timer_gettime(int id, struct itimerspec_k *ucur)
{
    struct ptimer *t = find_timer(id);
    struct itimerspec_k v;
    if (!t)
        return -EINVAL;
    timer_get(t, &v);
    return copy_to_user(ucur, &v, sizeof(v));
}

long sys_timer_getoverrun(int id)
{
    struct ptimer *t = find_timer(id);
    struct task *target;
    if (!t)
        return -EINVAL;
    return t->notify != SIGEV_NONE && ptimer_pending(t, &target) ? t->overrun : t->pending_overrun;
}

long sys_timer_delete(int id)
{
    struct ptimer *t = find_timer(id);
    if (!t)
        return -EINVAL;
    ptimer_free(t);
    return 0;
}

void process_timers_release(struct process *p)
{
    if (p->itimer_real) {
        ktimer_cancel(p->itimer_real);
        kfree(p->itimer_real);
        p->itimer_real = 0;
    }
    for (int i = 0; i < 2; i++)
        if (p->itimer_cpu[i]) {
            ptimer_free((struct ptimer *)p->itimer_cpu[i]);
            p->itimer_cpu[i] = 0;
        }
    while (!list_empty(&p->posix_timers))
        ptimer_free(list_entry(p->posix_timers.next, struct ptimer, link));
}
