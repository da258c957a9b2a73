/* vfs/console.c: the program's standard streams.  stdout and stderr go to
 * their UART ports (or kiln's write port); stdin comes from kiln's read port,
 * polled every few milliseconds while empty, and reads as end of input on
 * monitors without one (QEMU). */
#include "vfs/vfs.h"
#include "include/kiln_abi.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "arch/x86_64/cpu.h"
#include "kernel/ktimer.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "vfs/poll.h"
#include "vfs/tty.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define FIONBIO 0x5421

int arch_outsb_user(unsigned port, const void *ubuf, size_t n);

#define STDIN_POLL_NS 2000000 /* how often an empty stdin is asked again */

static struct kiln_read rreq;      /* in the kernel image: physically contiguous */
static char inbuf[4096];

static long rport(uint64_t len)
{
    rreq.fd = 0;
    rreq.gpa = KIMG_TO_PHYS((uint64_t)inbuf);
    rreq.len = len;
    rreq.result = -EIO;
    outl(KILN_PORT_READ, (uint32_t)KIMG_TO_PHYS((uint64_t)&rreq));
    return rreq.result;
}

/* A terminal's keyboard bytes go through the line discipline (vfs/tty.c):
 * fed on every read and, so that Ctrl-C works while nobody reads, by a
 * timer every TTY_TICK_NS. */
#define TTY_TICK_NS 20000000

static struct ktimer tty_tick;
static void tty_tick_fn(struct ktimer *t)
{
    long r;
    while ((r = rport(sizeof(inbuf))) > 0)
        tty_input(inbuf, r);
    if (tty_readable())
        vfs_poll_notify(0);
    if (r == -EAGAIN)
        ktimer_arm(t, time_mono_ns() + TTY_TICK_NS); /* else: end of input, or no port */
}

/* take what the line discipline has ready, else feed it what the host has */
static long ldisc_read(void *ubuf, size_t n)
{
    for (;;) {
        long r = tty_read(inbuf, n < sizeof(inbuf) ? n : sizeof(inbuf));
        if (r >= 0)
            return r && copy_to_user(ubuf, inbuf, r) ? -EFAULT : r;
        r = rport(sizeof(inbuf));
        if (r <= 0)
            return r ? r : 0;
        tty_input(inbuf, r);
    }
}

static long stdin_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    if (!console_wport || !n)
        return 0;
    for (;;) {
        long r = tty_ldisc() ? ldisc_read(ubuf, n) : rport(n < sizeof(inbuf) ? n : sizeof(inbuf));
        if (r > 0 && !tty_ldisc())
            return copy_to_user(ubuf, inbuf, r) ? -EFAULT : r;
        if (r != -EAGAIN)
            return r;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (sched_sleep(time_mono_ns() + STDIN_POLL_NS, 1) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
}

/* pollers of an empty stdin are woken again a little later to re-check */
static struct ktimer stdin_tick;
static void stdin_recheck(struct ktimer *t)
{
    vfs_poll_notify(0);
}

static unsigned stdin_poll(struct file *f)
{
    if (tty_ldisc()) {
        /* readable means a line (or a byte, raw) is ready: feed what waits */
        long r;
        while (!tty_readable() && (r = rport(sizeof(inbuf))) > 0)
            tty_input(inbuf, r);
        if (tty_readable())
            return POLLIN | POLLRDNORM;
    } else if (!console_wport || rport(0) == 1) {
        return POLLIN | POLLRDNORM;
    }
    if (!stdin_tick.fn)
        ktimer_init(&stdin_tick, stdin_recheck);
    if (!stdin_tick.expires)
        ktimer_arm(&stdin_tick, time_mono_ns() + STDIN_POLL_NS);
    return 0;
}

/* Bulk write through KILN_PORT_WRITE: the user buffer's frames, found in
 * the page tables, become the request's segments; no copy.  Returns bytes
 * written, or -EFAULT if the first page is bad. */
static struct kiln_write wreq; /* in the kernel image: physically contiguous */

static long wport_write(const char *ubuf, size_t n, int fd)
{
    struct mm *mm = current()->proc->mm;
    size_t done = 0;
    while (done < n) {
        wreq.fd = fd;
        wreq.nseg = 0;
        size_t start = done;
        while (done < n && wreq.nseg < KILN_WRITE_MAXSEG) {
            uint64_t va = (uint64_t)ubuf + done;
            uint64_t *pte = pgtable_pte(mm->pml4, va, 0);
            if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U)) {
                if (mm_fault(va, 0x4) || !(pte = pgtable_pte(mm->pml4, va, 0)) ||
                    !(*pte & PTE_P) || !(*pte & PTE_U))
                    break;
            }
            uint64_t pa = (*pte & PTE_ADDR) + (va & (PAGE_SIZE - 1));
            size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
            if (chunk > n - done)
                chunk = n - done;
            if (wreq.nseg && wreq.seg[wreq.nseg - 1].gpa + wreq.seg[wreq.nseg - 1].len == pa)
                wreq.seg[wreq.nseg - 1].len += chunk;
            else
                wreq.seg[wreq.nseg++] = (typeof(wreq.seg[0])){pa, chunk};
            done += chunk;
        }
        if (wreq.nseg) {
            wreq.result = 0;
            outl(KILN_PORT_WRITE, (uint32_t)KIMG_TO_PHYS((uint64_t)&wreq));
            if (wreq.result == -EPIPE) {
                /* the host's reader is gone (`kiln run yes | head`) */
                signal_send_task(current(), SIGPIPE, 0);
                return -EPIPE;
            }
        }
        if (done == start || (done < n && wreq.nseg < KILN_WRITE_MAXSEG))
            break; /* a bad page: stop short, as a partial copy would */
    }
    return done ? (long)done : -EFAULT;
}

void console_write_kernel(int fd, const char *buf, size_t n)
{
    if (!console_wport) {
        arch_outsb_user(fd == 2 ? KILN_PORT_STDERR : KILN_PORT_STDOUT, buf, n);
        return;
    }
    wreq.fd = fd;
    wreq.nseg = 1;
    wreq.seg[0].gpa = KIMG_TO_PHYS((uint64_t)buf);
    wreq.seg[0].len = n;
    wreq.result = 0;
    outl(KILN_PORT_WRITE, (uint32_t)KIMG_TO_PHYS((uint64_t)&wreq));
}

/* To a terminal whose host side is raw: newlines become CR LF here, as a
 * pty's output processing does (through a buffer in the kernel image,
 * which is physically contiguous). */
static long opost_write(const char *ubuf, size_t n, int fd)
{
    static char in[1024], out[2048];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof(in) ? n - done : sizeof(in), used, o;
        if (copy_from_user(in, ubuf + done, k))
            return done ? (long)done : -EFAULT;
        o = tty_opost(in, k, out, sizeof(out), &used);
        console_write_kernel(fd, out, o);
        done += used;
    }
    return n;
}

static long out_write(struct file *f, const void *ubuf, size_t n, int fd)
{
    if (!user_range_ok((uint64_t)ubuf, n))
        return -EFAULT;
    if (tty_opost_active(fd))
        return opost_write(ubuf, n, fd);
    if (console_wport && !uaccess_kernel_ok && n > 1)
        return wport_write(ubuf, n, fd);
    /* straight from program memory: one VM exit, no copy */
    int err = arch_outsb_user(fd == 2 ? KILN_PORT_STDERR : KILN_PORT_STDOUT, ubuf, n);
    return err ? err : (long)n;
}

static long stdout_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    return out_write(f, ubuf, n, 1);
}

static long stderr_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    return out_write(f, ubuf, n, 2);
}

static long console_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    if (cmd == FIONBIO)
        return 0; /* handled generically */
    if (f->inode && S_ISCHR(f->inode->mode))
        return tty_ioctl(cmd, arg);
    return -ENOTTY; /* not a terminal: the host's stream is a pipe or a file */
}

static const struct file_ops stdin_fops = {
    .read = stdin_read, .ioctl = console_ioctl, .poll = stdin_poll};
static const struct file_ops stdout_fops = {.write = stdout_write, .ioctl = console_ioctl};
static const struct file_ops stderr_fops = {.write = stderr_write, .ioctl = console_ioctl};

const struct file_ops *console_fops(int fd)
{
    return fd == 0 ? &stdin_fops : fd == 1 ? &stdout_fops : &stderr_fops;
}

struct file *console_file(int fd)
{
    static struct inode *ino[3];
    if (!ino[fd]) {
        /* a terminal looks like a pty (glibc line-buffers it); anything
         * else like a pipe, so stdio buffers fully, as for a pipe natively */
        int tty = tty_is(fd);
        if (fd == 0 && tty_ldisc() && console_wport && !tty_tick.fn) {
            ktimer_init(&tty_tick, tty_tick_fn);
            ktimer_arm(&tty_tick, time_mono_ns() + TTY_TICK_NS);
        }
        ino[fd] = inode_alloc(tty ? S_IFCHR | 0620 : S_IFIFO | 0600);
        if (!ino[fd])
            return 0;
        ino[fd]->rdev = tty ? (136 << 8) | fd : 0;
        if (!tty)
            ino[fd]->dev = 12; /* pipefs, as a pipe's */
        ino[fd]->fops = console_fops(fd);
        ino[fd]->nlink = 1;
    }
    return file_alloc(ino[fd], fd == 0 ? O_RDONLY : O_WRONLY);
}
