/* kernel/main.c: the boot sequence, from the PVH entry to the program.
 *
 *   boot.S -> kmain: CPU tables, frames, command line, clocks, the root
 *   filesystem from the initrd, the first process, execve, ring 3.
 */
#include "arch/x86_64/cpu.h"
#include "include/kiln_abi.h"
#include "include/linux/errno.h"
#include "arch/x86_64/fpu.h"
#include "drivers/drivers.h"
#include "kernel/cmdline.h"
#include "net/net.h"
#include "kernel/console.h"
#include "kernel/random.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "syscall/syscall.h"
#include "vfs/procfs.h"
#include "vfs/vfs.h"


extern char _end[];
void proc_default_rlimits(struct process *p);

static char **alloc_vec(size_t n)
{
    return kmalloc(n * sizeof(char *));
}

static const char *strerror_k(int err)
{
    switch (err) {
    case ENOENT:
        return "No such file or directory";
    case EACCES:
        return "Permission denied";
    case ENOEXEC:
        return "Exec format error";
    case ENOMEM:
        return "Cannot allocate memory";
    case E2BIG:
        return "Argument list too long";
    case ENOTDIR:
        return "Not a directory";
    case ELOOP:
        return "Too many levels of symbolic links";
    case ENAMETOOLONG:
        return "File name too long";
    default:
        return "error";
    }
}

/* mkdir -p for the working directory, then make it the cwd. */
static void set_cwd(struct process *p, const char *cwd)
{
    char buf[PATH_MAX];
    struct inode *dir;
    size_t n = strlcpy(buf, cwd, sizeof(buf));
    for (size_t i = 1; i <= n && i < sizeof(buf); i++) {
        if (buf[i] != '/' && buf[i])
            continue;
        char c = buf[i];
        buf[i] = 0;
        vfs_mkdir(0, buf, 0755);
        buf[i] = c;
    }
    if (vfs_lookup(0, cwd, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir)) {
        kprintf("kiln: working directory %s: cannot be created\n", cwd);
        console_exit(KILN_EXIT_NOEXEC);
    }
    p->cwd = dir;
}

__attribute__((noreturn)) void kmain(uint64_t start_info_pa)
{
    uint64_t tsc_entry = rdtsc();
    const struct hvm_start_info *si = PHYS_TO_VIRT(start_info_pa);
    struct cmdline cl = {0};
    uint64_t initrd_pa = 0, initrd_len = 0;
    char why[160];

    trap_init();
    arch_mm_init();
    if (si->magic != HVM_START_MAGIC)
        panic("bad PVH start info magic %x", si->magic);
    if (si->nr_modules) {
        const struct hvm_modlist_entry *m = PHYS_TO_VIRT(si->modlist_paddr);
        initrd_pa = m[0].paddr;
        initrd_len = m[0].size;
    }
    mm_page_init(si, PAGE_UP(KIMG_TO_PHYS(_end)), initrd_pa & PAGE_MASK,
                 PAGE_UP(initrd_pa + initrd_len));
    vmalloc_init();

    char *cmd = si->cmdline_paddr ? PHYS_TO_VIRT(si->cmdline_paddr) : "";
    int err = cmdline_parse(cmd, &cl, alloc_vec);
    console_verbose = cl.verbose;
    syscall_strace = cl.strace;
    console_wport = cl.wport;
    console_tty_init(cl.tty); /* which of fds 0-2 are terminals (vfs/console.c) */
    if (err) {
        kprintf("kiln: no program on the kernel command line (expected: ... -- PROGRAM ARGS)\n");
        console_exit(KILN_EXIT_NOTFOUND);
    }
    time_init(cl.tsc_khz, cl.time_ns);
    random_init(cl.time_ns);
    klog("kiln: %lu MiB RAM, initrd %lu KiB at %lx\n", mm_page_total() >> 8, initrd_len >> 10,
         initrd_pa);

    struct inode *root = tmpfs_new_root();
    if (!root)
        panic("no memory for the root filesystem");
    vfs_set_root(root);
    if (initrd_len && cpio_unpack(root, PHYS_TO_VIRT(initrd_pa), initrd_len, initrd_pa))
        kprintf("kiln: the initrd is damaged; continuing with what was unpacked\n");
    devfs_init(root);
    procfs_init(root);
    sysfs_init(root);
    net_init();
    net_config(cl.ip, cl.gw, cl.dns); /* kiln.ip= kiln.gw= kiln.dns=, or DHCP */
    net_config6(cl.ip6, cl.gw6);      /* kiln.ip6= kiln.gw6=, or SLAAC */
    drivers_init(&cl); /* after net_init(): a NIC found here attaches to the stack */

    fpu_init(cl.fpu_fxsave); /* kiln.fpu=fxsave: no XSAVE */
    struct process *p = process_alloc();
    struct task *t = p ? task_create(p) : 0;
    if (!t)
        panic("no memory for the first task");
    p->pid = p->pgid = p->sid = 1;
    process_link(p, 0);
    p->umask = 022;
    p->root = root;
    inode_get(root);
    proc_default_rlimits(p);
    p->cred.ngroups = 1; /* root, in group root, as under a root shell */
    p->files = fdtable_create();
    if (!p->files)
        panic("no memory for the fd table");
    for (int fd = 0; fd < 3; fd++)
        p->files->fd[fd] = console_file(fd);
    p->files->top = 3;
    cpu_set_kstack(t->kstack_top);
    sched_init(t);
    set_cwd(p, cl.cwd ? cl.cwd : "/");

    const char *path = cl.argv[0];
    if (path[0] == '/') {
        p->exe = (char *)path;
    } else {
        char buf[PATH_MAX];
        int n = vfs_path_of(p->cwd, buf, sizeof(buf));
        p->exe = kmalloc(PATH_MAX);
        if (n > 0 && p->exe)
            snprintf(p->exe, PATH_MAX, "%s/%s", n > 1 ? buf : "", path);
    }
    if (cl.argv0) {
        /* exec by the name the user typed when it leads to the same file (the
         * host replicates the cwd and the symlinks on the way), so that a
         * script sees the same $0 as on the host */
        struct inode *a, *b;
        if (strchr(cl.argv0, '/') && !vfs_lookup(0, cl.argv0, LOOKUP_FOLLOW, &a)) {
            if (!vfs_lookup(0, path, LOOKUP_FOLLOW, &b)) {
                if (a == b)
                    path = cl.argv0;
                inode_put(b);
            }
            inode_put(a);
        }
        cl.argv[0] = (char *)cl.argv0;
    }
    err = loader_execve(p, path, cl.argv, cl.envp, t->uregs, why, sizeof(why));
    if (err) {
        if (why[0])
            kprintf("kiln: %s%s%s\n", cl.argv[0], why[0] == 'i' && why[1] == 's' ? " " : ": ",
                    why);
        else
            kprintf("kiln: %s: %s\n", cl.argv[0], strerror_k(-err));
        console_exit(err == -ENOENT ? KILN_EXIT_NOTFOUND : KILN_EXIT_NOEXEC);
    }
    klog("kiln: entering %s at %lx (TSC %lu since kmain)\n", path, t->uregs->rip,
         rdtsc() - tsc_entry);
    if (cl.debug_fault) { /* the panic report of a kernel bug, for tests/cli */
        uintptr_t null = 8;
        __asm__ volatile("" : "+r"(null)); /* hidden from the compiler */
        *(volatile uint64_t *)null = 0;
    }
    cpu_enter_user(t->uregs);
}
