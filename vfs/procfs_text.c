/* vfs/procfs_text.c: the text of /proc files, in Linux's formats. */
#include "vfs/procfs.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"

static const char *const cpuid_flags[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", 0, "sep",
    "mtrr", "pge", "mca", "cmov", "pat", "pse36", 0, "clflush", 0, 0, 0, "mmx",
    "fxsr", "sse", "sse2", "ss", "ht", 0, 0, 0,
};
static const char *const cpuid_flags_ecx[32] = {
    "pni", "pclmulqdq", 0, 0, 0, 0, 0, 0, 0, "ssse3", 0, 0, "fma", "cx16", 0, 0,
    0, "pcid", 0, "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", 0, "aes", 0, 0,
    0, "f16c", "rdrand", "hypervisor",
};

size_t proc_cpuinfo(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    uint32_t r[4], brand[12];
    char vendor[13];
    cpuid(0, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    cpuid(0x80000000, 0, r);
    int has_brand = r[0] >= 0x80000004;
    for (int i = 0; has_brand && i < 3; i++)
        cpuid(0x80000002 + i, 0, &brand[4 * i]);
    cpuid(1, 0, r);
    unsigned family = (r[0] >> 8) & 15, model = (r[0] >> 4) & 15, stepping = r[0] & 15;
    if (family == 15)
        family += (r[0] >> 20) & 0xff;
    if (family >= 6)
        model += ((r[0] >> 16) & 15) << 4;
    uint64_t khz = time_tsc_khz();
    textbuf_put(&o, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", vendor,
                family, model);
    const char *name = has_brand ? (const char *)brand : "";
    for (int i = 0; i < 48 && *name == ' '; i++)
        name++;
    textbuf_put(&o, "model name\t: %.48s\nstepping\t: %u\n", *name ? name : "Virtual CPU",
                stepping);
    textbuf_put(&o, "cpu MHz\t\t: %lu.%03lu\ncache size\t: 512 KB\n", khz / 1000, khz % 1000);
    textbuf_put(&o,
                "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 0\n"
                "initial apicid\t: 0\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 13\n"
                "wp\t\t: yes\nflags\t\t:");
    for (int i = 0; i < 32; i++)
        if ((r[3] & (1u << i)) && cpuid_flags[i])
            textbuf_put(&o, " %s", cpuid_flags[i]);
    textbuf_put(&o, " syscall nx lm");
    for (int i = 0; i < 32; i++)
        if ((r[2] & (1u << i)) && cpuid_flags_ecx[i])
            textbuf_put(&o, " %s", cpuid_flags_ecx[i]);
    textbuf_put(&o,
                "\nbogomips\t: %lu.%02lu\nclflush size\t: 64\ncache_alignment\t: 64\n"
                "address sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n",
                khz / 500, (khz / 5) % 100);
    return o.len;
}

size_t proc_meminfo(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    uint64_t total = mm_page_total() * 4, free = mm_page_free_count() * 4;
    textbuf_put(&o, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n",
                total, free, free);
    textbuf_put(
        &o,
        "Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
        "SwapTotal:             0 kB\nSwapFree:              0 kB\n"
        "Shmem:                 0 kB\nHugePages_Total:       0\nHugePages_Free:        0\n"
        "Hugepagesize:       2048 kB\n");
    return o.len;
}

size_t proc_uptime(struct process *p, struct task *t, char *buf, size_t cap)
{
    uint64_t ns = time_mono_ns() + 10000000; /* never 0.00 */
    return snprintf(buf, cap, "%lu.%02lu %lu.%02lu\n", ns / 1000000000,
                    ns / 10000000 % 100, ns / 1000000000, ns / 10000000 % 100);
}

size_t proc_loadavg(struct process *p, struct task *t, char *buf, size_t cap)
{
    int threads = 0, last = 0;
    struct list *it;
    list_for_each(it, &all_processes)
    {
        struct process *q = list_entry(it, struct process, all_link);
        threads += q->nthreads;
        last = q->pid > last ? q->pid : last;
    }
    return snprintf(buf, cap, "0.00 0.00 0.00 %d/%d %d\n", sched_nr_running(), threads, last);
}

size_t proc_version(struct process *p, struct task *t, char *buf, size_t cap)
{
    return snprintf(buf, cap, "Linux version 6.1.0-kiln (kiln) #1 SMP PREEMPT_DYNAMIC kiln\n");
}

size_t proc_filesystems(struct process *p, struct task *t, char *buf, size_t cap)
{
    return snprintf(buf, cap, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n"
                              "nodev\tpipefs\nnodev\tanon_inodefs\n");
}

size_t proc_mounts(struct process *p, struct task *t, char *buf, size_t cap)
{
    return snprintf(buf, cap, "rootfs / tmpfs rw 0 0\nproc /proc proc rw,nosuid,nodev,noexec 0 0\n"
                              "devtmpfs /dev devtmpfs rw,nosuid 0 0\n"
                              "sysfs /sys sysfs ro,nosuid,nodev,noexec 0 0\n");
}

size_t proc_stat_all(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    uint64_t ticks = time_mono_ns() / 10000000;
    textbuf_put(&o, "cpu  %lu 0 0 0 0 0 0 0 0 0\ncpu0 %lu 0 0 0 0 0 0 0 0 0\n", ticks, ticks);
    int n = 0;
    struct list *it;
    list_for_each(it, &all_processes) n++;
    textbuf_put(&o, "intr 0\nctxt 0\nbtime %lu\nprocesses %d\nprocs_running %d\nprocs_blocked 0\n",
                (time_real_ns() - time_mono_ns()) / 1000000000, n, sched_nr_running());
    return o.len;
}

static size_t raw(char *buf, size_t cap, const char *s, size_t n)
{
    if (s)
        memcpy(buf, s, n < cap ? n : cap);
    return s ? n : 0;
}

size_t proc_cmdline(struct process *p, struct task *t, char *buf, size_t cap)
{
    return raw(buf, cap, p->cmdline, p->cmdline_len);
}

size_t proc_environ(struct process *p, struct task *t, char *buf, size_t cap)
{
    return raw(buf, cap, p->environ, p->environ_len);
}

size_t proc_comm(struct process *p, struct task *t, char *buf, size_t cap)
{
    return snprintf(buf, cap, "%s\n", t ? task_comm(t) : p->comm);
}

size_t proc_maps(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    struct list *it;
    if (!p->mm)
        return 0; /* a zombie */
    list_for_each(it, &p->mm->vmas)
    {
        struct vma *v = list_entry(it, struct vma, link);
        const char *name = v->name ? v->name : v->inode && v->inode == p->exe_inode ? p->exe : "";
        size_t start = o.len;
        textbuf_put(&o, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->start, v->end,
                    (v->prot & PROT_READ) ? 'r' : '-', (v->prot & PROT_WRITE) ? 'w' : '-',
                    (v->prot & PROT_EXEC) ? 'x' : '-',
                    (v->flags & MAP_TYPE) == MAP_SHARED ? 's' : 'p', v->inode ? v->off : 0, 0,
                    v->inode ? v->inode->dev : 0, v->inode ? (unsigned long)v->inode->ino : 0ul);
        if (*name) {
            while (o.len - start < 73)
                textbuf_put(&o, " ");
            textbuf_put(&o, "%s", name);
        }
        textbuf_put(&o, "\n");
    }
    return o.len;
}

/* The state letter and word of /proc/PID/stat and status. */
static const char *proc_state(struct process *p, struct task *t)
{
    if (p->state == PROC_ZOMBIE || !t)
        return "Z (zombie)";
    return t->state == TASK_SLEEPING ? "S (sleeping)" : "R (running)";
}

size_t proc_stat(struct process *p, struct task *t, char *buf, size_t cap)
{
    uint64_t vsize = p->mm ? p->mm->total_pages * PAGE_SIZE : 0;
    uint64_t start = p->start_ns / 10000000, utime = process_cputime(p) / 10000000;
    struct task *nt = t ? t : task_find_any(p->pid); /* whose nice: the thread's, or the leader's */
    int nice = nt && nt->proc == p ? nt->nice : 0;
    return snprintf(buf, cap,
                    "%d (%s) %c %d %d %d 0 -1 4194560 %lu 0 0 0 %lu 0 0 0 %d %d %d 0 %lu %lu %lu "
                    "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 %d 0 0 0 0 0 0 0 0 0 0 0 0 0 "
                    "0\n",
                    t ? t->tid : p->pid, t ? task_comm(t) : p->comm, proc_state(p, t)[0], p->ppid,
                    p->pgid, p->sid, mm_fault_count, utime, 20 + nice, nice, p->nthreads, start,
                    vsize, (unsigned long)(vsize / PAGE_SIZE), p->exit_signal);
}

size_t proc_status(struct process *p, struct task *t, char *buf, size_t cap)
{
    struct textbuf o = {buf, cap, 0};
    uint64_t ign = 0, cgt = 0;
    for (int i = 0; i < NSIG; i++) {
        if (p->sigactions[i].handler == SIG_IGN)
            ign |= 1ull << i;
        else if (p->sigactions[i].handler != SIG_DFL)
            cgt |= 1ull << i;
    }
    uint64_t kb = p->mm ? p->mm->total_pages * 4 : 0;
    textbuf_put(&o,
                "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
                "PPid:\t%d\nTracerPid:\t0\n",
                t ? task_comm(t) : p->comm, p->umask, proc_state(p, t), p->pid, t ? t->tid : p->pid,
                p->ppid);
    textbuf_put(&o, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t",
                p->cred.uid, p->cred.euid, p->cred.suid, p->cred.fsuid, p->cred.gid, p->cred.egid,
                p->cred.sgid, p->cred.fsgid, FD_MAX);
    for (int i = 0; i < p->cred.ngroups; i++)
        textbuf_put(&o, "%u ", p->cred.groups[i]);
    textbuf_put(&o, "\nVmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nThreads:\t%d\n", kb, kb,
                kb, p->nthreads);
    textbuf_put(
        &o,
        "SigQ:\t0/63459\nSigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\n"
        "SigCgt:\t%016lx\n",
        t ? t->sig_pending : 0, p->sig_pending, t ? t->sigmask : 0, ign, cgt);
    textbuf_put(&o,
                "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
                "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\n"
                "Seccomp:\t0\nCpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed_list:\t0\n"
                "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
    return o.len;
}
