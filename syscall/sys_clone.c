/* syscall/sys_clone.c: clone and clone3 for threads; futex;
 * set_tid_address; exit of a thread. */
#include "syscall/syscall.h"
#include "arch/x86_64/fpu.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/futex.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

static long do_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
                     uint64_t tls)
{
    struct task *cur = current();
    /* Linux's own consistency rules first */
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & THREAD_FLAGS) != THREAD_FLAGS || (flags & CLONE_VFORK)) {
        static int warned;
        if (!warned++)
            kprintf("kiln: unsupported syscall clone without CLONE_VM|CLONE_THREAD "
                    "(fork/vfork: not yet)\n");
        return -ENOSYS;
    }
    if (flags & CLONE_PIDFD)
        return -EINVAL; /* not with CLONE_THREAD, as Linux */
    if ((flags & CLONE_SETTLS) && tls >= USER_TOP)
        return -EPERM;
    struct task *t = task_create(cur->proc);
    if (!t)
        return -ENOMEM;
    *t->uregs = *syscall_regs();
    t->uregs->rax = 0;
    if (stack)
        t->uregs->rsp = stack;
    /* return with IRET: the child's rcx/r11 are the parent's, not rip/rflags */
    t->fs_base = (flags & CLONE_SETTLS) ? tls : cur->fs_base;
    t->gs_base = cur->gs_base;
    t->sigmask = cur->sigmask;
    t->altstack.flags = 2;
    fpu_save(t->fpu); /* the parent's live FPU state */
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = child_tid;
    int tid = t->tid;
    if ((flags & CLONE_PARENT_SETTID) && copy_to_user((void *)parent_tid, &tid, 4))
        goto fault;
    if ((flags & CLONE_CHILD_SETTID) && copy_to_user((void *)child_tid, &tid, 4))
        goto fault;
    sched_add(t);
    return tid;
fault:
    list_del(&t->proc_link);
    cur->proc->nthreads--;
    task_free(t);
    return -EFAULT;
}

long sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
               uint64_t tls)
{
    return do_clone(flags & ~0xffull, stack, parent_tid, child_tid, tls);
}

struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
        set_tid, set_tid_size, cgroup;
};

long sys_clone3(const struct clone_args *uargs, uint64_t size)
{
    struct clone_args a;
    memset(&a, 0, sizeof(a));
    if (size < 64 || size > 4096)
        return -EINVAL;
    if (copy_from_user(&a, uargs, size < sizeof(a) ? size : sizeof(a)))
        return -EFAULT;
    if (a.set_tid || a.set_tid_size || a.cgroup)
        return -EINVAL;
    if ((a.stack == 0) != (a.stack_size == 0))
        return -EINVAL;
    if (a.flags & 0xff)
        return -EINVAL;
    return do_clone(a.flags, a.stack ? a.stack + a.stack_size : 0, a.parent_tid, a.child_tid,
                    a.tls);
}

long sys_futex(uint64_t uaddr, int op, uint32_t val, uint64_t utime, uint64_t uaddr2,
               uint32_t val3)
{
    return futex_op(uaddr, op, val, utime, uaddr2, val3);
}

long sys_set_tid_address(uint64_t tidptr)
{
    current()->clear_child_tid = tidptr;
    return current()->tid;
}

long sys_set_robust_list(uint64_t head, uint64_t len)
{
    if (len != 24)
        return -EINVAL;
    current()->robust_list = head;
    current()->robust_len = len;
    return 0;
}

long sys_get_robust_list(int tid, uint64_t *uhead, uint64_t *ulen)
{
    struct task *t = current();
    if (tid && tid != t->tid)
        return -ESRCH; /* other threads: not looked up yet */
    uint64_t len = 24;
    if (copy_to_user(uhead, &t->robust_list, 8) || copy_to_user(ulen, &len, 8))
        return -EFAULT;
    return 0;
}

long sys_exit(int status)
{
    task_exit((status & 0xff) << 8);
}

long sys_exit_group(int status)
{
    process_exit((status & 0xff) << 8);
}
