/* vfs/lock.c: advisory file locks: flock(2), POSIX record locks and OFD locks (fcntl).
 *
 * One list of every lock held in the VM (programs hold few).  Owners, as on
 * Linux: a flock or OFD lock belongs to the open file description (struct
 * file) and goes when its last reference does; a POSIX lock belongs to the
 * process, goes when the process closes any fd of the file, and is ignored
 * once the process no longer runs (so exit needs no hook).  Ranges are
 * inclusive, [start, end], end = ~0 for "to end of file"; a POSIX or OFD
 * owner's locks never overlap each other and adjacent ones of one type
 * merge, so F_GETLK reports the ranges Linux would.  Blocked lockers sleep
 * on one wait queue, woken by every unlock.
 */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/waitq.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

enum { KIND_FLOCK, KIND_POSIX, KIND_OFD };

struct lock {
    struct list link;
    struct inode *ino; /* not referenced: a lock never outlives its file */
    const void *owner; /* struct file (flock, OFD) or struct process (POSIX) */
    int pid;           /* POSIX: the owner's pid */
    int kind, type;
    uint64_t start, end;
};

struct flock_k {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
};

static struct list locks = {&locks, &locks};
static struct waitq lock_wait = {{&lock_wait.head, &lock_wait.head}};
static int nlocks;

static void lock_free(struct lock *l)
{
    list_del(&l->link);
    kfree(l);
    nlocks--;
}

/* A POSIX lock of a process that has ended is gone. */
static int lock_live(struct lock *l)
{
    if (l->kind != KIND_POSIX)
        return 1;
    struct process *p = process_find(l->pid);
    if (p && p == l->owner && p->state == PROC_ALIVE)
        return 1;
    lock_free(l);
    return 0;
}

/* The lock another owner holds on ino that conflicts with type over
 * [start, end] (flock: the whole file), the lowest-starting one as Linux's
 * sorted lists give, or NULL. */
static struct lock *lock_conflict(struct inode *ino, const void *owner, int flock, int type,
                                  uint64_t start, uint64_t end)
{
    struct list *it, *next;
    struct lock *best = 0;
    for (it = locks.next; it != &locks; it = next) {
        next = it->next;
        struct lock *l = list_entry(it, struct lock, link);
        if (l->ino != ino || l->owner == owner || (l->kind == KIND_FLOCK) != flock)
            continue;
        if (type == F_RDLCK && l->type == F_RDLCK)
            continue;
        if (!flock && (l->end < start || l->start > end))
            continue;
        if (!lock_live(l))
            continue;
        if (!best || l->start < best->start)
            best = l;
    }
    return best;
}

static struct lock *lock_new(struct inode *ino, const void *owner, int kind, int type,
                             uint64_t start, uint64_t end)
{
    struct lock *l = kzalloc(sizeof(*l));
    if (!l)
        return 0;
    l->ino = ino;
    l->owner = owner;
    l->kind = kind;
    l->type = type;
    l->start = start;
    l->end = end;
    l->pid = kind == KIND_POSIX ? current()->proc->pid : -1;
    list_add_tail(&locks, &l->link);
    nlocks++;
    return l;
}

/* Remove owner's range [start, end] of ino, splitting what straddles it.
 * -ENOLCK if a split needs memory that is not there. */
static int lock_cut(struct inode *ino, const void *owner, uint64_t start, uint64_t end)
{
    struct list *it, *next;
    for (it = locks.next; it != &locks; it = next) {
        next = it->next;
        struct lock *l = list_entry(it, struct lock, link);
        if (l->ino != ino || l->owner != owner || l->kind == KIND_FLOCK || l->end < start ||
            l->start > end)
            continue;
        if (l->start < start && l->end > end) {
            if (!lock_new(ino, owner, l->kind, l->type, end + 1, l->end))
                return -ENOLCK;
            l->end = start - 1;
        } else if (l->start < start) {
            l->end = start - 1;
        } else if (l->end > end) {
            l->start = end + 1;
        } else {
            lock_free(l);
        }
    }
    return 0;
}

/* Merge owner's locks of type touching [*start, *end] into that range. */
static void lock_merge(struct inode *ino, const void *owner, int type, uint64_t *start,
                       uint64_t *end)
{
    struct list *it, *next;
    for (it = locks.next; it != &locks; it = next) {
        next = it->next;
        struct lock *l = list_entry(it, struct lock, link);
        if (l->ino != ino || l->owner != owner || l->kind == KIND_FLOCK || l->type != type)
            continue;
        if ((*start && l->end < *start - 1) || (*end != ~0ull && l->start > *end + 1))
            continue;
        if (l->start < *start)
            *start = l->start;
        if (l->end > *end)
            *end = l->end;
        lock_free(l);
    }
}

/* Sleep until some lock goes: 0, or -ERESTARTSYS for a signal. */
static int lock_sleep(void)
{
    return waitq_wait(&lock_wait, 0) == WAKE_SIGNAL ? -ERESTARTSYS : 0;
}

long vfs_flock(struct file *f, int op)
{
    int type, nb = op & LOCK_NB;
    if (op & 32)
        return 0; /* LOCK_MAND: Linux ignores it and says 0 */
    op &= ~LOCK_NB;
    if (op == LOCK_SH)
        type = F_RDLCK;
    else if (op == LOCK_EX)
        type = F_WRLCK;
    else if (op == LOCK_UN)
        type = F_UNLCK;
    else
        return -EINVAL;
    if (!f->inode)
        return -EBADF;
    /* a conversion drops the old lock first, as Linux's does */
    struct list *it, *next;
    for (it = locks.next; it != &locks; it = next) {
        next = it->next;
        struct lock *l = list_entry(it, struct lock, link);
        if (l->owner == f && l->kind == KIND_FLOCK) {
            if (l->type == type)
                return 0;
            lock_free(l);
            waitq_wake_all(&lock_wait);
        }
    }
    if (type == F_UNLCK)
        return 0;
    while (lock_conflict(f->inode, f, 1, type, 0, ~0ull)) {
        if (nb)
            return -EWOULDBLOCK;
        int err = lock_sleep();
        if (err)
            return err;
    }
    return lock_new(f->inode, f, KIND_FLOCK, type, 0, ~0ull) ? 0 : -ENOLCK;
}

/* The range a struct flock names for f: -EINVAL if it starts below 0. */
static int lock_range(struct file *f, const struct flock_k *fl, uint64_t *start, uint64_t *end)
{
    int64_t base;
    switch (fl->l_whence) {
    case 0: base = 0; break;
    case 1: base = f->pos; break;
    case 2: base = f->inode->size; break;
    default: return -EINVAL;
    }
    int64_t s = base + fl->l_start, len = fl->l_len;
    if (len < 0) {
        s += len;
        len = -len;
    }
    if (s < 0)
        return -EINVAL;
    *start = s;
    *end = len ? (uint64_t)s + len - 1 : ~0ull;
    return 0;
}

long vfs_fcntl_lock(struct file *f, int cmd, void *ufl)
{
    struct flock_k fl;
    uint64_t start, end;
    int ofd = cmd >= F_OFD_GETLK;
    const void *owner = ofd ? (const void *)f : (const void *)current()->proc;

    if (copy_from_user(&fl, ufl, sizeof(fl)))
        return -EFAULT;
    if (!f->inode || (f->flags & O_PATH))
        return -EBADF;
    if (ofd && fl.l_pid)
        return -EINVAL;
    if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
        return -EINVAL;
    int err = lock_range(f, &fl, &start, &end);
    if (err)
        return err;
    if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
        if (fl.l_type == F_UNLCK)
            return -EINVAL;
        struct lock *l = lock_conflict(f->inode, owner, 0, fl.l_type, start, end);
        if (!l) {
            fl.l_type = F_UNLCK;
        } else {
            fl.l_type = l->type;
            fl.l_whence = 0;
            fl.l_start = l->start;
            fl.l_len = l->end == ~0ull ? 0 : (int64_t)(l->end - l->start + 1);
            fl.l_pid = l->pid;
        }
        return copy_to_user(ufl, &fl, sizeof(fl)) ? -EFAULT : 0;
    }
    int acc = f->flags & O_ACCMODE;
    if ((fl.l_type == F_RDLCK && acc == O_WRONLY) || (fl.l_type == F_WRLCK && acc == O_RDONLY))
        return -EBADF;
    if (fl.l_type == F_UNLCK) {
        err = lock_cut(f->inode, owner, start, end);
        waitq_wake_all(&lock_wait);
        return err;
    }
    while (lock_conflict(f->inode, owner, 0, fl.l_type, start, end)) {
        if (cmd == F_SETLK || cmd == F_OFD_SETLK)
            return -EAGAIN;
        err = lock_sleep();
        if (err)
            return err;
    }
    err = lock_cut(f->inode, owner, start, end);
    if (err)
        return err;
    lock_merge(f->inode, owner, fl.l_type, &start, &end);
    if (!lock_new(f->inode, owner, ofd ? KIND_OFD : KIND_POSIX, fl.l_type, start, end))
        return -ENOLCK;
    waitq_wake_all(&lock_wait); /* a write lock turned read may unblock readers */
    return 0;
}

void vfs_lock_close(struct file *f, int last)
{
    if (!nlocks || !f->inode)
        return;
    const void *proc = current() ? current()->proc : 0;
    int woke = 0;
    struct list *it, *next;
    for (it = locks.next; it != &locks; it = next) {
        next = it->next;
        struct lock *l = list_entry(it, struct lock, link);
        if ((l->kind == KIND_POSIX && l->ino == f->inode && l->owner == proc) ||
            (last && l->kind != KIND_POSIX && l->owner == f)) {
            lock_free(l);
            woke = 1;
        }
    }
    if (woke)
        waitq_wake_all(&lock_wait);
}
