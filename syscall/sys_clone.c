/* syscall/sys_clone.c: clone, clone3, fork and vfork (threads and
 * processes); futex; set_tid_address; exit of a thread. */
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
#include "vfs/vfs.h"

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
#define CLONE_CLEAR_SIGHAND 0x100000000ull /* clone3 only */
#define CLONE_INTO_CGROUP 0x200000000ull
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

/* The new task t starts as a copy of the caller's registers (returning 0,
 * on stack if given) with its TLS, signal mask and live FPU state, and
 * CLONE_CHILD_CLEARTID.  It returns to user with IRET: its rcx/r11 are the
 * parent's, not rip/rflags. */
static void task_from_caller(struct task *t, uint64_t flags, uint64_t stack, uint64_t tls,
                             uint64_t child_tid)
{
    struct task *cur = current();
    *t->uregs = *syscall_regs();
    t->uregs->rax = 0;
    if (stack)
        t->uregs->rsp = stack;
    t->fs_base = (flags & CLONE_SETTLS) ? tls : cur->fs_base;
    t->gs_base = cur->gs_base;
    t->sigmask = cur->sigmask;
    t->nice = cur->nice;
    fpu_save(t->fpu);
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = child_tid;
}

/* A new thread of the calling process. */
static long clone_thread(uint64_t flags, uint64_t stack, uint64_t parent_tid,
                         uint64_t child_tid, uint64_t tls)
{
    struct task *cur = current();
    if (flags & CLONE_PIDFD)
        return -EINVAL; /* not with CLONE_THREAD, as Linux */
    struct task *t = task_create(cur->proc);
    if (!t)
        return -ENOMEM;
    task_from_caller(t, flags, stack, tls, child_tid);
    memcpy(t->comm, task_comm(cur), sizeof(t->comm)); /* a thread starts with its creator's name */
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

static char *dup_bytes(const char *s, size_t n)
{
    char *d = s ? kmalloc(n ? n : 1) : 0;
    if (d)
        memcpy(d, s, n);
    return d;
}

/* The parts of a new process copied from the parent (fork) or shared with
 * it (CLONE_VM, CLONE_FILES).  -ENOMEM. */
static int copy_process(struct process *p, struct process *pp, uint64_t flags)
{
    p->umask = pp->umask;
    p->cwd = pp->cwd;
    inode_get(p->cwd);
    p->root = pp->root;
    inode_get(p->root);
    p->exe_inode = pp->exe_inode;
    memcpy(p->comm, pp->comm, sizeof(p->comm));
    memcpy(p->sigactions, pp->sigactions, sizeof(p->sigactions));
    memcpy(p->rlim, pp->rlim, sizeof(p->rlim));
    p->cred = pp->cred;
    p->sched_policy = pp->sched_policy;
    p->sched_prio = pp->sched_prio;
    p->pgid = pp->pgid;
    p->sid = pp->sid;
    p->exe = dup_bytes(pp->exe, pp->exe ? strlen(pp->exe) + 1 : 0);
    p->exe_owned = 1;
    p->cmdline = dup_bytes(pp->cmdline, pp->cmdline_len);
    p->cmdline_len = pp->cmdline_len;
    p->environ = dup_bytes(pp->environ, pp->environ_len);
    p->environ_len = pp->environ_len;
    if (flags & CLONE_FILES) {
        p->files = pp->files;
        p->files->refs++;
    } else {
        p->files = fdtable_dup(pp->files);
    }
    if (flags & CLONE_VM) {
        p->mm = pp->mm;
        p->mm->refs++;
    } else {
        p->mm = mm_fork(pp->mm);
    }
    if (!p->files || !p->mm || (pp->exe && !p->exe) || (pp->cmdline && !p->cmdline) ||
        (pp->environ && !p->environ))
        return -ENOMEM;
    return 0;
}

/* Undo copy_process for a process that never ran. */
static void uncopy_process(struct process *p)
{
    fdtable_put(p->files);
    if (p->mm)
        mm_put(p->mm);
    inode_put(p->cwd);
    inode_put(p->root);
    kfree(p->exe);
    kfree(p->cmdline);
    kfree(p->environ);
    kfree(p);
}

/* fork, vfork, and clone without CLONE_THREAD: a new process. */
static long clone_process(uint64_t flags, int exit_signal, uint64_t stack, uint64_t parent_tid,
                          uint64_t child_tid, uint64_t tls)
{
    struct task *cur = current();
    struct process *pp = cur->proc;
    if (flags & CLONE_PIDFD) {
        static int warned;
        if (!warned++)
            kprintf("kiln: unsupported syscall clone with CLONE_PIDFD\n");
        return -ENOSYS;
    }
    if ((flags & CLONE_PARENT) && pp->pid == 1)
        return -EINVAL; /* as Linux, for an init */
    struct process *p = process_alloc();
    if (!p)
        return -ENOMEM;
    if (copy_process(p, pp, flags)) {
        uncopy_process(p);
        return -ENOMEM;
    }
    if (flags & CLONE_CLEAR_SIGHAND) /* handlers reset, ignored signals stay so */
        for (int i = 0; i < NSIG; i++) {
            uint64_t h = p->sigactions[i].handler == SIG_IGN ? SIG_IGN : SIG_DFL;
            p->sigactions[i] = (struct k_sigaction){.handler = h};
        }
    struct task *t = task_create(p);
    if (!t) {
        uncopy_process(p);
        return -ENOMEM;
    }
    p->pid = t->tid;
    task_from_caller(t, flags, stack, tls, child_tid);
    /* fork and vfork keep the alternate signal stack; other clones of the
     * address space would share it, so Linux drops it */
    if (!(flags & CLONE_VM) || (flags & CLONE_VFORK))
        t->altstack = cur->altstack;
    if (flags & CLONE_CHILD_SETTID) {
        if (flags & CLONE_VM)
            copy_to_user((void *)child_tid, &p->pid, 4);
        else
            t->set_child_tid = child_tid; /* from inside the child's space */
    }
    struct process *parent = (flags & CLONE_PARENT) ? pp->parent : pp;
    p->exit_signal = (flags & CLONE_PARENT) ? pp->exit_signal : exit_signal;
    process_link(p, parent);
    int pid = p->pid;
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user((void *)parent_tid, &pid, 4);
    sched_add(t);
    if (flags & CLONE_VFORK) {
        /* the parent waits (killable only, as Linux) until the child execs
         * or ends: until then they share the stack */
        p->vfork_parent = cur;
        while (!p->vfork_done && !cur->killed)
            sched_sleep(0, 0);
        p->vfork_parent = 0;
    }
    return pid;
}

static long do_clone(uint64_t flags, int exit_signal, uint64_t stack, uint64_t parent_tid,
                     uint64_t child_tid, uint64_t tls)
{
    /* Linux's own consistency rules first */
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & CLONE_SETTLS) && tls >= USER_TOP)
        return -EPERM;
    if (flags & CLONE_THREAD)
        return clone_thread(flags, stack, parent_tid, child_tid, tls);
    return clone_process(flags, exit_signal, stack, parent_tid, child_tid, tls);
}

long sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
               uint64_t tls)
{
    return do_clone(flags & ~0xffull, flags & 0xff, stack, parent_tid, child_tid, tls);
}

struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
        set_tid, set_tid_size, cgroup;
};

long sys_clone3(const struct clone_args *uargs, uint64_t size)
{
    struct clone_args a;
    memset(&a, 0, sizeof(a));
    if (size > 4096)
        return -E2BIG;
    if (size < 64)
        return -EINVAL;
    if (copy_from_user(&a, uargs, size < sizeof(a) ? size : sizeof(a)))
        return -EFAULT;
    /* a newer caller's larger struct: its extra fields must be zero */
    for (uint64_t off = sizeof(a); off < size; off += 8) {
        uint64_t w = 0, n = size - off < 8 ? size - off : 8;
        if (copy_from_user(&w, (const char *)uargs + off, n))
            return -EFAULT;
        if (w)
            return -E2BIG;
    }
    if (a.set_tid || a.set_tid_size || a.cgroup)
        return -EINVAL;
    if ((a.stack == 0) != (a.stack_size == 0))
        return -EINVAL;
    if ((a.flags & 0xff) || a.exit_signal > NSIG)
        return -EINVAL;
    if (a.flags & ~(0xffffffffull | CLONE_CLEAR_SIGHAND))
        return -EINVAL; /* unknown bits, and CLONE_INTO_CGROUP: there are no cgroups */
    if ((a.flags & CLONE_CLEAR_SIGHAND) && (a.flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) && a.exit_signal)
        return -EINVAL;
    return do_clone(a.flags, a.exit_signal, a.stack ? a.stack + a.stack_size : 0, a.parent_tid,
                    a.child_tid, a.tls);
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

long sys_fork(void)
{
    return do_clone(0, SIGCHLD, 0, 0, 0, 0);
}

long sys_vfork(void)
{
    return do_clone(CLONE_VM | CLONE_VFORK, SIGCHLD, 0, 0, 0, 0);
}
