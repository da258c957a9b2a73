/* syscall/sys_exec.c: execve and execveat: copy the argument and
 * environment vectors in, replace the image, then what Linux does to the
 * process on a successful exec (close-on-exec fds, handled signals back to
 * default, a fresh TLS base). */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "arch/x86_64/fpu.h"
#include "kernel/console.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define ARG_MAX (2u << 20)
#define MAX_ARG_STRLEN (32 * 4096)
#define MAX_ARGS 0x7fffffff

struct strvec {
    char **v;
    int n, cap;
    char *buf;
    size_t used, size;
};

static void vec_free(struct strvec *s)
{
    kfree(s->v);
    kfree(s->buf);
}

static int vec_push(struct strvec *s, char *str)
{
    if (s->n + 1 >= s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        char **v = kmalloc(cap * sizeof(char *));
        if (!v)
            return -ENOMEM;
        if (s->v)
            memcpy(v, s->v, s->n * sizeof(char *));
        kfree(s->v);
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    s->v[s->n] = 0;
    return 0;
}

/* The strings of argv and envp, in one buffer that grows as needed (most
 * execs carry a few KiB: ARG_MAX is only the limit). */
struct argbuf {
    char *p;
    size_t used, cap;
};

static int argbuf_grow(struct argbuf *b)
{
    size_t cap = b->cap ? b->cap * 2 : 8192;
    if (cap > ARG_MAX)
        cap = ARG_MAX;
    char *p = kmalloc(cap);
    if (!p)
        return -ENOMEM;
    if (b->p)
        memcpy(p, b->p, b->used);
    kfree(b->p);
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Copy a NULL-terminated user vector of strings into b (argv and envp share
 * it, and ARG_MAX).  s->v holds offsets into b until vec_fix. */
static int copy_vec(struct strvec *s, char *const *uvec, struct argbuf *b)
{
    for (int i = 0; uvec; i++) {
        const char *up;
        long n;
        if (copy_from_user(&up, uvec + i, sizeof(up)))
            return -EFAULT;
        if (!up)
            break;
        for (;;) {
            size_t room = b->cap - b->used;
            n = room ? strncpy_from_user(b->p + b->used, up,
                                         room < MAX_ARG_STRLEN ? room : MAX_ARG_STRLEN)
                     : -ENAMETOOLONG;
            if (n != -ENAMETOOLONG || room >= MAX_ARG_STRLEN || b->cap == ARG_MAX)
                break;
            int err = argbuf_grow(b);
            if (err)
                return err;
        }
        if (n == -ENAMETOOLONG)
            return -E2BIG;
        if (n < 0)
            return n;
        int err = vec_push(s, (char *)(uintptr_t)b->used);
        if (err)
            return err;
        b->used += n + 1;
    }
    if (!s->v)
        return vec_push(s, 0) == 0 ? (s->n = 0, 0) : -ENOMEM;
    return 0;
}

/* Offsets into b become pointers, once b stops moving. */
static void vec_fix(struct strvec *s, const struct argbuf *b)
{
    for (int i = 0; i < s->n; i++)
        s->v[i] = b->p + (uintptr_t)s->v[i];
}

/* After a successful exec. */
static void exec_cleanup(struct process *p, const char *exe)
{
    struct fdtable *t = p->files;
    for (int fd = 0; fd < t->top; fd++)
        if (t->fd[fd] && t->cloexec[fd])
            fd_close(fd);
    for (int i = 0; i < NSIG; i++) {
        struct k_sigaction *sa = &p->sigactions[i];
        if (sa->handler != SIG_IGN) {
            sa->handler = SIG_DFL;
            sa->flags = 0;
            sa->mask = 0;
        }
    }
    struct task *cur = current();
    cur->fs_base = cur->gs_base = 0;
    wrmsr(MSR_FS_BASE, 0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    cur->clear_child_tid = cur->robust_list = 0;
    fpu_reset(); /* the new program's FPU/SSE/AVX state is clean, as Linux */
    char *e = kmalloc(strlen(exe) + 1);
    if (e) {
        memcpy(e, exe, strlen(exe) + 1);
        if (p->exe_owned)
            kfree(p->exe); /* (not the boot command line's) */
        p->exe = e;
        p->exe_owned = 1;
    }
    p->did_exec = 1;
    process_vfork_done(p);
}

/* Before other threads die for an exec: the errors a PATH search meets
 * (ENOENT, EACCES...) must leave the process as it was. */
static int exec_precheck(const char *path)
{
    struct inode *ino;
    int err = vfs_lookup(0, path, LOOKUP_FOLLOW, &ino);
    if (err)
        return err;
    if (!S_ISREG(ino->mode) || vfs_permission(ino, X_OK))
        err = -EACCES;
    inode_put(ino);
    return err;
}

/* execve in a multithreaded process: the other threads die first (Linux's
 * de_thread), and the caller takes the process's pid as its tid. */
static void kill_other_threads(struct process *p)
{
    struct task *self = current();
    struct list *it;
    if (p->nthreads == 1)
        return;
    list_for_each(it, &p->tasks)
    {
        struct task *t = list_entry(it, struct task, proc_link);
        if (t == self)
            continue;
        t->killed = 1;
        if (t->state == TASK_SLEEPING)
            sched_wake(t, WAKE_SIGNAL);
    }
    while (p->nthreads > 1 && !self->killed)
        schedule(); /* they run to their ends */
    self->tid = p->pid;
}

/* Absolute, symlink-free path of path (for /proc/self/exe). */
static int real_path(const char *path, char *out, size_t n)
{
    char name[NAME_MAX + 1];
    struct inode *dir, *ino;
    size_t len;
    int trailing, ret = -ELOOP;
    char *cur = kmalloc(2 * PATH_MAX), *target = cur + PATH_MAX;
    if (!cur)
        return -ENOMEM;
    strlcpy(cur, path, PATH_MAX);
    for (int depth = 0; depth < 40; depth++) {
        int err = vfs_lookup_parent(0, cur, &dir, name, &len, &trailing);
        if (err) {
            ret = err;
            break;
        }
        int dl = vfs_path_of(dir, out, n);
        if (dl < 0) {
            inode_put(dir);
            ret = dl;
            break;
        }
        snprintf(out + dl, n - dl, "%s%s", dl > 1 ? "/" : "", name);
        err = dir->iops->lookup ? dir->iops->lookup(dir, name, len, &ino) : -ENOENT;
        if (err) {
            inode_put(dir);
            ret = err;
            break;
        }
        if (!S_ISLNK(ino->mode)) {
            inode_put(ino);
            inode_put(dir);
            ret = 0;
            break;
        }
        int tl = ino->iops->readlink(ino, target, PATH_MAX - 1);
        inode_put(ino);
        inode_put(dir);
        if (tl < 0) {
            ret = tl;
            break;
        }
        target[tl] = 0;
        if (target[0] == '/') {
            strlcpy(cur, target, PATH_MAX);
        } else {
            char *slash = strrchr(out, '/');
            slash[1] = 0;
            snprintf(cur, PATH_MAX, "%s%s", out, target);
        }
    }
    kfree(cur);
    return ret;
}

static long do_execve(const char *path, char *const *uargv, char *const *uenvp)
{
    struct process *p = current()->proc;
    struct strvec av = {0}, ev = {0};
    struct argbuf b = {0};
    char why[160];
    char *exe = kmalloc(PATH_MAX);
    long err = exe ? argbuf_grow(&b) : -ENOMEM;
    if (!err)
        err = copy_vec(&av, uargv, &b);
    if (!err)
        err = copy_vec(&ev, uenvp, &b);
    if (!err) {
        vec_fix(&av, &b);
        vec_fix(&ev, &b);
        if (real_path(path, exe, PATH_MAX))
            strlcpy(exe, path, PATH_MAX); /* only for /proc/self/exe: not fatal */
    }
    if (!err && p->nthreads > 1)
        err = exec_precheck(path);
    if (!err) {
        struct regs *r = syscall_regs();
        kill_other_threads(p);
        err = loader_execve(p, path, av.v, ev.v, r, why, sizeof(why));
        if (!err)
            exec_cleanup(p, exe);
        else if (why[0] && err == -ENOEXEC) /* the caller hears ENOEXEC, as on Linux */
            klog("kiln: %s%s%s\n", path, why[0] == 'i' && why[1] == 's' ? " " : ": ", why);
    }
    vec_free(&av);
    vec_free(&ev);
    kfree(b.p);
    kfree(exe);
    return err;
}

long sys_execve(const char *upath, char *const *uargv, char *const *uenvp)
{
    char path[PATH_MAX];
    long err = user_path(path, upath, 0);
    return err < 0 ? err : do_execve(path, uargv, uenvp);
}

long sys_execveat(int dirfd, const char *upath, char *const *uargv, char *const *uenvp,
                  int flags)
{
    char path[PATH_MAX], full[PATH_MAX];
    struct inode *dir;
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    long err = user_path(path, upath, flags & AT_EMPTY_PATH);
    if (err < 0)
        return err;
    if (path[0] == '/')
        return do_execve(path, uargv, uenvp);
    if (!path[0]) {
        /* fexecve: open files do not remember their path yet */
        static int warned;
        if (!warned++)
            kprintf("kiln: unsupported syscall execveat (322) with AT_EMPTY_PATH\n");
        return -ENOSYS;
    }
    err = at_dir(dirfd, path, &dir);
    if (err)
        return err;
    if (!dir)
        return do_execve(path, uargv, uenvp);
    int n = vfs_path_of(dir, full, sizeof(full));
    if (n < 0)
        return n;
    snprintf(full + n, sizeof(full) - n, "%s%s", n > 1 ? "/" : "", path);
    return do_execve(full, uargv, uenvp);
}
