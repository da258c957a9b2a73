/* proc_self_runtime_files: the files runtimes read to size themselves say
 * what the system calls say.  /proc/self/maps: a fresh 3-page PROT_READ
 * mapping is one r--p line with its exact range, three lines after the
 * middle page is made writable; [stack], [vdso] and the program's own file
 * appear.  /proc/self/status: Name (the prctl name), Pid, Tgid, PPid, the
 * thread count, SigBlk/SigIgn/SigCgt masks, and the usual fields exist.
 * /proc/self/stat: pid, (comm), state R, ppid, num_threads, and a thread's
 * own stat under task/.  /proc/self/task/ lists exactly the live threads'
 * tids, each with its own comm.  /proc/cpuinfo has one "processor" entry per
 * online CPU with flags (sse2) and a model name; /proc/meminfo's MemTotal
 * and MemFree agree with sysinfo(); /sys/devices/system/cpu/online lists as
 * many CPUs as sysconf(_SC_NPROCESSORS_ONLN). */
#include "common.h"
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>

static char buf[1 << 16];

static const char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    size_t n = 0;
    ssize_t r;
    buf[0] = 0;
    if (fd < 0)
        return buf;
    while (n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
        n += r;
    buf[n] = 0;
    close(fd);
    return buf;
}

/* the value after "key:" on its line in buf, or NULL */
static const char *field(const char *key)
{
    size_t k = strlen(key);
    for (const char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, key, k) && l[k] == ':') {
            l += k + 1;
            while (*l == ' ' || *l == '\t')
                l++;
            return l;
        }
    return NULL;
}

static int count_lines_with(const char *needle)
{
    int n = 0;
    for (const char *p = buf; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static int maps_lines_in(unsigned long lo, unsigned long hi, char perms[][5], int max)
{
    slurp("/proc/self/maps");
    int n = 0;
    for (char *l = buf; *l;) {
        unsigned long a, b;
        char p[5];
        if (sscanf(l, "%lx-%lx %4s", &a, &b, p) == 3 && a >= lo && b <= hi && n < max)
            memcpy(perms[n++], p, 5);
        char *nl = strchr(l, '\n');
        if (!nl)
            break;
        l = nl + 1;
    }
    return n;
}

static volatile int stop;
static int tids[3];
static pthread_barrier_t ready;

static void *thread(void *arg)
{
    int i = (int)(long)arg;
    char name[16];
    tids[i] = syscall(SYS_gettid);
    snprintf(name, sizeof(name), "worker-%d", i);
    prctl(PR_SET_NAME, name);
    pthread_barrier_wait(&ready);
    while (!stop)
        usleep(1000);
    return NULL;
}

static void on_usr1(int s)
{
    (void)s;
}

int main(int argc, char **argv)
{
    prctl(PR_SET_NAME, "proc-test");
    /* maps */
    char perms[8][5];
    char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned long lo = (unsigned long)m, hi = lo + 3 * 4096;
    int n = maps_lines_in(lo, hi, perms, 8);
    printf("maps: %d line(s) for the mapping, first %s\n", n, n ? perms[0] : "-");
    char want[64];
    snprintf(want, sizeof(want), "%lx-%lx ", lo, hi);
    printf("exact range: %d\n", strstr(buf, want) != NULL);
    mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
    n = maps_lines_in(lo, hi, perms, 8);
    printf("after mprotect: %d lines: %s %s %s\n", n, perms[0], n > 1 ? perms[1] : "-",
           n > 2 ? perms[2] : "-");
    slurp("/proc/self/maps");
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    printf("[stack]: %d, [vdso]: %d, own file: %d\n", strstr(buf, "[stack]") != NULL,
           strstr(buf, "[vdso]") != NULL, strstr(buf, base) != NULL);

    /* threads for status, stat and task/ */
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGUSR2, SIG_IGN);
    sigset_t blk;
    sigemptyset(&blk);
    sigaddset(&blk, SIGHUP);
    sigprocmask(SIG_BLOCK, &blk, NULL);
    pthread_barrier_init(&ready, NULL, 4);
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, thread, (void *)i);
    pthread_barrier_wait(&ready);

    slurp("/proc/self/status");
    const char *v;
    v = field("Name");
    printf("Name: %.*s\n", v ? (int)strcspn(v, "\n") : 0, v ? v : "");
    v = field("Pid");
    printf("Pid ok: %d, ", v && atoi(v) == getpid());
    v = field("Tgid");
    printf("Tgid ok: %d, ", v && atoi(v) == getpid());
    v = field("PPid");
    printf("PPid ok: %d\n", v && atoi(v) == getppid());
    printf("Threads: %d\n", (v = field("Threads")) ? atoi(v) : -1);
    unsigned long long mask;
    printf("SigBlk has SIGHUP: %d\n",
           (v = field("SigBlk")) && sscanf(v, "%llx", &mask) == 1 && (mask >> (SIGHUP - 1) & 1));
    printf("SigIgn has SIGUSR2: %d\n",
           (v = field("SigIgn")) && sscanf(v, "%llx", &mask) == 1 && (mask >> (SIGUSR2 - 1) & 1));
    printf("SigCgt has SIGUSR1: %d\n",
           (v = field("SigCgt")) && sscanf(v, "%llx", &mask) == 1 && (mask >> (SIGUSR1 - 1) & 1));
    static const char *keys[] = {"State",
                                 "Uid",
                                 "Gid",
                                 "VmSize",
                                 "VmRSS",
                                 "SigPnd",
                                 "ShdPnd",
                                 "Cpus_allowed",
                                 "Cpus_allowed_list",
                                 "voluntary_ctxt_switches"};
    for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        printf("%s: %s\n", keys[i], field(keys[i]) ? "present" : "missing");

    slurp("/proc/self/stat");
    int pid, ppid;
    char comm[64], state;
    char *close_paren = strrchr(buf, ')');
    int ok = sscanf(buf, "%d (%63[^)]", &pid, comm) == 2 && close_paren &&
             sscanf(close_paren + 2, "%c %d", &state, &ppid) == 2;
    printf("stat: parsed %d, pid %d, comm %s, state %c, ppid %d\n", ok, pid == getpid(), comm,
           state, ppid == getppid());
    /* field 20 (num_threads): the 18th after the closing parenthesis */
    char *f = close_paren + 2;
    for (int i = 0; i < 17 && f; i++)
        f = strchr(f, ' ') ? strchr(f, ' ') + 1 : NULL;
    printf("stat num_threads: %d\n", f ? atoi(f) : -1);

    /* task/ */
    DIR *d = opendir("/proc/self/task");
    int listed = 0, known = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        int tid = atoi(e->d_name);
        listed++;
        known += tid == getpid() || tid == tids[0] || tid == tids[1] || tid == tids[2];
    }
    if (d)
        closedir(d);
    printf("task/: %d entries, %d of them our threads\n", listed, known);
    for (int i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tids[i]);
        slurp(path);
        printf("task %d comm: %s", i, buf);
        snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tids[i]);
        slurp(path);
        printf("task %d stat starts with its tid: %d\n", i, atoi(buf) == tids[i]);
    }
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    slurp("/proc/self/status");
    printf("Threads after join: %d\n", (v = field("Threads")) ? atoi(v) : -1);

    /* cpuinfo, meminfo, cpu/online */
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    slurp("/proc/cpuinfo");
    printf("cpuinfo: processors = online: %d, flags with sse2: %d, model name: %d\n",
           count_lines_with("processor\t:") == online, strstr(buf, " sse2") != NULL,
           strstr(buf, "model name") != NULL);
    slurp("/proc/meminfo");
    struct sysinfo si;
    sysinfo(&si);
    unsigned long long total = (v = field("MemTotal")) ? strtoull(v, NULL, 10) : 0;
    unsigned long long free_kb = (v = field("MemFree")) ? strtoull(v, NULL, 10) : 0;
    unsigned long long si_total = (unsigned long long)si.totalram * si.mem_unit / 1024;
    printf("meminfo: MemTotal = sysinfo: %d, MemFree <= MemTotal: %d, MemAvailable: %d, SwapTotal: "
           "%d\n",
           total == si_total, free_kb <= total && free_kb > 0, field("MemAvailable") != NULL,
           field("SwapTotal") != NULL);
    slurp("/sys/devices/system/cpu/online");
    int a = -1, b = -1, cnt = 0;
    if (sscanf(buf, "%d-%d", &a, &b) == 2)
        cnt = b - a + 1;
    else if (sscanf(buf, "%d", &a) == 1)
        cnt = 1;
    printf("cpu/online: %d CPUs = online: %d, ends in a newline: %d\n", cnt > 0, cnt == online,
           buf[0] && buf[strlen(buf) - 1] == '\n');
    return 0;
}
