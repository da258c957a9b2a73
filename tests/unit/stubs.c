/* tests/unit/stubs.c: the kernel services that pure kernel code calls,
 * stood in for on the host: log, panic, clock, current(), user copies and
 * device ops.  User memory is host memory here, so the copies are memcpy. */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "kernel/console.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

uint64_t unit_direct_map; /* PHYS_TO_VIRT(pa) == pa + this (arch/x86_64/cpu.h) */
struct cpu cpu0;
int uaccess_kernel_ok;   /* syscall/uaccess.h: 0, user pointers are checked */
int console_verbose = 1; /* klog goes to unit_log, where tests can look */

char unit_log[16384];
static size_t log_len;

void unit_log_clear(void)
{
    log_len = 0;
    unit_log[0] = 0;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(unit_log + log_len, sizeof(unit_log) - log_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        fputs(unit_log + log_len, stderr); /* shown when the case fails */
        log_len += (size_t)n;
        if (log_len >= sizeof(unit_log))
            log_len = sizeof(unit_log) - 1;
    }
    return n;
}

jmp_buf *unit_panic_jmp;
char unit_panic_msg[256];

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(unit_panic_msg, sizeof(unit_panic_msg), fmt, ap);
    va_end(ap);
    if (unit_panic_jmp)
        longjmp(*unit_panic_jmp, 1);
    fail_msg("kernel panic: %s", unit_panic_msg);
    abort(); /* fail_msg does not return inside a case */
}

void console_exit(int status)
{
    fail_msg("console_exit(%d) called", status);
    abort();
}

void console_write(int fd, const void *buf, size_t n)
{
}

static struct timespec64 now = {1700000000, 0};

void unit_set_time(int64_t sec, long nsec)
{
    now.tv_sec = sec;
    now.tv_nsec = nsec;
}

void time_now(struct timespec64 *ts)
{
    *ts = now;
}

static struct process proc;
static struct task task = {.tid = 1, .proc = &proc};

void unit_task(struct inode *cwd, struct inode *root, uint32_t umask)
{
    memset(&proc, 0, sizeof(proc));
    proc.pid = 1;
    proc.cwd = cwd;
    proc.root = root;
    proc.umask = umask;
    cpu0.current = &task;
}

void unit_no_task(void)
{
    cpu0.current = NULL;
}

size_t arch_copy_user(void *dst, const void *src, size_t n) /* bytes not copied */
{
    memcpy(dst, src, n);
    return 0;
}

size_t arch_clear_user(void *dst, size_t n)
{
    memset(dst, 0, n);
    return 0;
}

long arch_strncpy_user(char *dst, const char *src, size_t n)
{
    size_t l = strnlen(src, n);
    memcpy(dst, src, l < n ? l + 1 : n);
    return (long)l;
}

/* No devices in unit tests: a character device node has no file ops. */
const struct file_ops *devfs_fops(uint64_t rdev)
{
    return NULL;
}

const struct file_ops *console_fops(int fd)
{
    return NULL;
}

/* vfs/pipe.c is not in the unit build: FIFO inodes only need its ops' address */
const struct file_ops pipe_fops;

/* vfs/lock.c: no other process and nobody to wake in the unit tests */
struct process *process_find(int pid)
{
    return 0;
}

enum wake_reason waitq_wait(struct waitq *wq, uint64_t deadline)
{
    return WAKE_SIGNAL;
}

void waitq_wake_all(struct waitq *wq)
{
}
