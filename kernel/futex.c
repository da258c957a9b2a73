/* kernel/futex.c: futex wait/wake/requeue/wake-op and robust lists.
 *
 * Waiters hang on one list keyed as Linux keys them: a private futex (or
 * any futex in private memory) by (address space, address); a shared one
 * in a MAP_SHARED mapping by (file, offset), so processes sharing the
 * memory at different addresses meet.  The kernel is not preemptive, so
 * "compare the word, then sleep" is atomic with respect to every waker.
 */
#include "kernel/futex.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ALL 0xffffffffu
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

static struct list waiters = LIST_INIT(waiters); /* tasks, by run_link */

struct fkey {
    const void *space; /* struct mm or struct inode */
    uint64_t addr;     /* user address, or offset in the file */
};

static void key_of(uint64_t uaddr, int shared, struct fkey *k)
{
    struct mm *mm = current()->proc->mm;
    k->space = mm;
    k->addr = uaddr;
    if (!shared)
        return;
    struct vma *v = mm_find_vma(mm, uaddr);
    if (v && v->inode && (v->flags & MAP_TYPE) == MAP_SHARED) {
        k->space = v->inode;
        k->addr = v->off + (uaddr - v->start);
    }
}

static int same(const struct task *t, const struct fkey *k)
{
    return t->futex_key == k->addr && t->futex_space == k->space;
}

static int get_word(uint64_t uaddr, uint32_t *v)
{
    if (uaddr & 3)
        return -EINVAL;
    return copy_from_user(v, (void *)uaddr, 4);
}

static int wake(const struct fkey *k, int n, uint32_t bitset)
{
    int woke = 0;
    struct list *it, *nx;
    list_for_each_safe(it, nx, &waiters)
    {
        if (woke >= n)
            break;
        struct task *t = list_entry(it, struct task, run_link);
        if (same(t, k) && (t->futex_bitset & bitset)) {
            sched_wake(t, WAKE_EVENT);
            woke++;
        }
    }
    return woke;
}

int futex_wake(uint64_t uaddr, int n, uint32_t bitset)
{
    struct fkey k;
    key_of(uaddr, 1, &k);
    return wake(&k, n, bitset);
}

/* deadline: absolute monotonic ns (0: forever). */
static long wait(uint64_t uaddr, int shared, uint32_t val, uint64_t deadline, uint32_t bitset)
{
    struct task *t = current();
    uint32_t cur;
    int err = get_word(uaddr, &cur);
    if (err)
        return err;
    if (cur != val)
        return -EAGAIN;
    struct fkey k;
    key_of(uaddr, shared, &k);
    t->futex_key = k.addr;
    t->futex_space = k.space;
    t->futex_bitset = bitset;
    list_add_tail(&waiters, &t->run_link);
    enum wake_reason why = sched_sleep(deadline, 1);
    list_del(&t->run_link); /* still queued after a timeout or a signal */
    t->futex_key = 0;
    t->futex_space = 0;
    switch (why) {
    case WAKE_EVENT:
        return 0;
    case WAKE_TIMEOUT:
        return -ETIMEDOUT;
    default:
        return deadline ? -EINTR : -ERESTARTSYS;
    }
}

static long requeue(uint64_t uaddr, uint64_t uaddr2, int shared, int nwake, int nmove, int cmp,
                    uint32_t val3)
{
    uint32_t cur;
    struct fkey k, k2;
    if (nwake < 0 || nmove < 0)
        return -EINVAL;
    if (uaddr2 & 3)
        return -EINVAL;
    if (cmp) {
        int err = get_word(uaddr, &cur);
        if (err)
            return err;
        if (cur != val3)
            return -EAGAIN;
    }
    key_of(uaddr, shared, &k);
    key_of(uaddr2, shared, &k2);
    int woke = wake(&k, nwake, FUTEX_BITSET_ALL), moved = 0;
    struct list *it;
    list_for_each(it, &waiters)
    {
        if (moved >= nmove)
            break;
        struct task *t = list_entry(it, struct task, run_link);
        if (same(t, &k)) {
            t->futex_key = k2.addr;
            t->futex_space = k2.space;
            moved++;
        }
    }
    return woke + moved;
}

static long wake_op(uint64_t uaddr, uint64_t uaddr2, int shared, int n, int n2, uint32_t encoded)
{
    struct fkey k, k2;
    int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
    int oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
    uint32_t old, nv;
    if (encoded & (8u << 28))
        oparg = 1 << (oparg & 31);
    int err = get_word(uaddr2, &old);
    if (err)
        return err;
    switch (op) {
    case 0: nv = oparg; break;
    case 1: nv = old + oparg; break;
    case 2: nv = old | oparg; break;
    case 3: nv = old & ~oparg; break;
    case 4: nv = old ^ oparg; break;
    default: return -ENOSYS;
    }
    if (copy_to_user((void *)uaddr2, &nv, 4))
        return -EFAULT;
    key_of(uaddr, shared, &k);
    key_of(uaddr2, shared, &k2);
    int woke = wake(&k, n, FUTEX_BITSET_ALL), c;
    /* the comparison is on the old value, sign-extended 12-bit argument */
    int32_t o = (int32_t)old, a = (cmparg << 20) >> 20;
    switch (cmp) {
    case 0: c = o == a; break;
    case 1: c = o != a; break;
    case 2: c = o < a; break;
    case 3: c = o <= a; break;
    case 4: c = o > a; break;
    case 5: c = o >= a; break;
    default: return -ENOSYS;
    }
    if (c)
        woke += wake(&k2, n2, FUTEX_BITSET_ALL);
    return woke;
}

/* The timeout argument: relative for WAIT, absolute for WAIT_BITSET. */
static long deadline_of(uint64_t utime, int op, int realtime, uint64_t *deadline)
{
    struct timespec64 ts;
    *deadline = 0;
    if (!utime)
        return 0;
    if (copy_from_user(&ts, (void *)utime, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec > 999999999)
        return -EINVAL;
    uint64_t ns = ts.tv_sec * 1000000000ull + ts.tv_nsec, now = time_mono_ns();
    if (op == FUTEX_WAIT) {
        *deadline = now + ns;
    } else {
        uint64_t base = realtime ? time_real_ns() : now;
        *deadline = ns > base ? now + (ns - base) : now;
    }
    if (!*deadline)
        *deadline = 1;
    return 0;
}

long futex_op(uint64_t uaddr, int op, uint32_t val, uint64_t utime, uint64_t uaddr2,
              uint32_t val3)
{
    int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    int realtime = op & FUTEX_CLOCK_REALTIME, shared = !(op & FUTEX_PRIVATE_FLAG);
    struct fkey k;
    uint64_t deadline;
    long err;
    if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
        return -ENOSYS;
    switch (cmd) {
    case FUTEX_WAIT:
        val3 = FUTEX_BITSET_ALL;
        /* fall through */
    case FUTEX_WAIT_BITSET:
        if (!val3)
            return -EINVAL;
        if (uaddr & 3)
            return -EINVAL;
        err = deadline_of(utime, cmd, realtime, &deadline);
        return err ? err : wait(uaddr, shared, val, deadline, val3);
    case FUTEX_WAKE:
        val3 = FUTEX_BITSET_ALL;
        /* fall through */
    case FUTEX_WAKE_BITSET:
        if (!val3)
            return -EINVAL;
        if (uaddr & 3)
            return -EINVAL;
        key_of(uaddr, shared, &k);
        return wake(&k, (int)val < 0 ? 0x7fffffff : (int)val, val3);
    case FUTEX_REQUEUE:
        return requeue(uaddr, uaddr2, shared, val, (int)utime, 0, 0);
    case FUTEX_CMP_REQUEUE:
        return requeue(uaddr, uaddr2, shared, val, (int)utime, 1, val3);
    case FUTEX_WAKE_OP:
        return wake_op(uaddr, uaddr2, shared, val, (int)utime, val3);
    case FUTEX_FD:
    case FUTEX_LOCK_PI:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case 11: /* WAIT_REQUEUE_PI */
    case 12: /* CMP_REQUEUE_PI */
    case 13: { /* LOCK_PI2 */
        static int warned;
        if (!warned++)
            kprintf("kiln: unsupported syscall futex (202) operation %d (priority inheritance)\n",
                    cmd);
        return -ENOSYS;
    }
    default:
        return -ENOSYS; /* not an operation at all: Linux says ENOSYS too */
    }
}

struct robust_list_head {
    uint64_t next;
    int64_t futex_offset;
    uint64_t pending;
};

/* The dying thread tid held the lock word at uaddr: mark it FUTEX_OWNER_DIED
 * and wake one waiter.  For the pending entry a word of 0 (the thread died
 * between unlocking and clearing list_op_pending) also wakes one, as Linux. */
static void owner_died(uint64_t uaddr, int tid, int pending)
{
    uint32_t v;
    if (get_word(uaddr, &v))
        return;
    if (pending && v == 0) {
        futex_wake(uaddr, 1, FUTEX_BITSET_ALL);
        return;
    }
    if ((v & FUTEX_TID_MASK) != (uint32_t)tid)
        return;
    uint32_t nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (copy_to_user((void *)uaddr, &nv, 4))
        return;
    if (v & FUTEX_WAITERS)
        futex_wake(uaddr, 1, FUTEX_BITSET_ALL);
}

void futex_exit_robust(void)
{
    struct task *t = current();
    struct robust_list_head head;
    if (!t->robust_list || copy_from_user(&head, (void *)t->robust_list, sizeof(head)))
        return;
    uint64_t entry = head.next;
    for (int i = 0; i < 2048 && entry && entry != t->robust_list; i++) {
        uint64_t next;
        if (copy_from_user(&next, (void *)(entry & ~1ull), 8))
            break;
        if (entry != head.pending)
            owner_died((entry & ~1ull) + head.futex_offset, t->tid, 0);
        entry = next;
    }
    if (head.pending)
        owner_died((head.pending & ~1ull) + head.futex_offset, t->tid, 1);
}
