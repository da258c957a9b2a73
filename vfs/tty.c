/* vfs/tty.c: the console terminal.
 *
 * The host tells which of the program's fds 0-2 are terminals and their
 * size (kiln.tty).  Those fds answer the termios, window-size and job
 * control ioctls from the state here, which starts as Linux's default for
 * a new pty.  When kiln's own stdin is a terminal, kiln puts it in raw mode
 * and the line discipline runs here, as Linux's n_tty: canonical line
 * editing (erase, kill, word erase, end of file), echo, ICRNL, signal
 * characters to the foreground process group (kernel/jobctl.c), and
 * newline translation on output.
 */
#include "vfs/tty.h"
#include "include/linux/errno.h"
#include "kernel/jobctl.h"
#include "kernel/signal.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540a
#define TCFLSH 0x540b
#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541b
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

/* termios bits */
#define IGNCR 0000200
#define ICRNL 0000400
#define INLCR 0000100
#define OPOST 0000001
#define ONLCR 0000004
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define ECHOCTL 0001000
#define IEXTEN 0100000
enum { VINTR, VQUIT, VERASE, VKILL, VEOF, VTIME, VMIN, VSWTC, VSTART, VSTOP, VSUSP, VEOL,
       VREPRINT, VDISCARD, VWERASE, VLNEXT, VEOL2 };

struct kernel_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line, c_cc[19];
};
struct winsize_k {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static unsigned tty_mask, tty_raw;
static struct winsize_k tty_ws = {24, 80, 0, 0};
static struct kernel_termios tio = {
    .c_iflag = 0x4500, /* ICRNL | IXON | IUTF8 */
    .c_oflag = 0x5,    /* OPOST | ONLCR */
    .c_cflag = 0xbf,   /* B38400 | CS8 | CREAD | HUPCL */
    .c_lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
    .c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},
};

#define LDISC_MAX 4096
static char line[LDISC_MAX];  /* the canonical line being typed */
static size_t line_len;
static char ready[LDISC_MAX]; /* input a read may take */
static size_t ready_len;
static int eofs;              /* Ctrl-D on an empty line: reads of 0 owed */

static unsigned tty_number(const char **s)
{
    unsigned v = 0;
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (*(*s)++ - '0');
    if (**s == ',')
        (*s)++;
    return v;
}

void console_tty_init(const char *arg)
{
    if (!arg)
        return;
    tty_mask = tty_number(&arg) & 7;
    unsigned rows = tty_number(&arg), cols = tty_number(&arg);
    if (rows && cols && rows < 65536 && cols < 65536) {
        tty_ws.ws_row = rows;
        tty_ws.ws_col = cols;
    }
    tty_raw = tty_number(&arg) == 1 && (tty_mask & 1);
}

int tty_is(int fd)
{
    return fd >= 0 && fd < 3 && (tty_mask >> fd & 1);
}

int tty_ldisc(void)
{
    return tty_raw;
}

int tty_opost_active(int fd)
{
    return tty_raw && tty_is(fd) && (tio.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
}

size_t tty_opost(const char *in, size_t n, char *out, size_t cap, size_t *used)
{
    size_t i = 0, o = 0;
    for (; i < n && o + 2 <= cap; i++) {
        if (in[i] == '\n')
            out[o++] = '\r';
        out[o++] = in[i];
    }
    *used = i;
    return o;
}

/* ---- the line discipline ---- */

static int echo_fd(void)
{
    return tty_is(1) ? 1 : tty_is(2) ? 2 : -1;
}

static void echo(const char *s, size_t n)
{
    int fd = echo_fd();
    static char buf[2 * 64]; /* in the kernel image: console_write_kernel's rule */
    size_t used;
    while (fd >= 0 && n) {
        size_t k = (tio.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR)
                       ? tty_opost(s, n, buf, sizeof(buf), &used)
                       : (used = n < sizeof(buf) ? n : sizeof(buf), memcpy(buf, s, used), used);
        console_write_kernel(fd, buf, k);
        s += used;
        n -= used;
    }
}

/* Echo one typed byte as Linux does: control characters as ^X with ECHOCTL. */
static void echo_char(char c)
{
    if (!(tio.c_lflag & ECHO))
        return;
    if ((tio.c_lflag & ECHOCTL) && ((unsigned char)c < 32 || c == 127) && c != '\n' &&
        c != '\t') {
        char s[2] = {'^', c == 127 ? '?' : c + 64};
        echo(s, 2);
    } else {
        echo(&c, 1);
    }
}

static void erase_chars(size_t n)
{
    while (n--) {
        if (line_len)
            line_len--;
        if ((tio.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE))
            echo("\b \b", 3);
    }
}

static void push_ready(const char *s, size_t n)
{
    if (n > LDISC_MAX - ready_len)
        n = LDISC_MAX - ready_len; /* a full buffer drops input, as Linux */
    memcpy(ready + ready_len, s, n);
    ready_len += n;
}

static int signal_char(char c)
{
    const uint8_t *cc = tio.c_cc;
    int sig = c == (char)cc[VINTR] ? SIGINT : c == (char)cc[VQUIT] ? SIGQUIT
              : c == (char)cc[VSUSP]                               ? SIGTSTP
                                                                   : 0;
    if (!sig)
        return 0;
    if (!(tio.c_lflag & NOFLSH))
        line_len = ready_len = 0;
    echo_char(c);
    jobctl_signal_fg(sig);
    return 1;
}

void tty_input(const char *in, size_t n)
{
    const uint8_t *cc = tio.c_cc;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c == '\r' && (tio.c_iflag & IGNCR))
            continue;
        if (c == '\r' && (tio.c_iflag & ICRNL))
            c = '\n';
        else if (c == '\n' && (tio.c_iflag & INLCR))
            c = '\r';
        if ((tio.c_lflag & ISIG) && signal_char(c))
            continue;
        if (!(tio.c_lflag & ICANON)) {
            push_ready(&c, 1);
            echo_char(c);
            continue;
        }
        if (c == (char)cc[VERASE]) {
            erase_chars(line_len ? 1 : 0);
        } else if (c == (char)cc[VKILL]) {
            erase_chars(line_len);
        } else if (c == (char)cc[VWERASE] && (tio.c_lflag & IEXTEN)) {
            size_t k = line_len;
            while (k && line[k - 1] == ' ')
                k--;
            while (k && line[k - 1] != ' ')
                k--;
            erase_chars(line_len - k);
        } else if (c == (char)cc[VEOF]) {
            if (line_len)
                push_ready(line, line_len);
            else
                eofs++;
            line_len = 0;
        } else if (c == '\n' || (cc[VEOL] && c == (char)cc[VEOL])) {
            if (line_len < LDISC_MAX)
                line[line_len++] = c;
            push_ready(line, line_len);
            line_len = 0;
            if (tio.c_lflag & (ECHO | ECHONL))
                echo("\n", 1);
        } else if (line_len < LDISC_MAX - 1) {
            line[line_len++] = c;
            echo_char(c);
        }
    }
}

int tty_readable(void)
{
    return ready_len || eofs;
}

long tty_read(char *out, size_t n)
{
    if (!ready_len) {
        if (!eofs)
            return -EAGAIN;
        eofs--;
        return 0;
    }
    size_t k = n < ready_len ? n : ready_len;
    if (tio.c_lflag & ICANON) /* one line at most */
        for (size_t i = 0; i < k; i++)
            if (ready[i] == '\n') {
                k = i + 1;
                break;
            }
    memcpy(out, ready, k);
    memmove(ready, ready + k, ready_len - k);
    ready_len -= k;
    return k;
}

long tty_ioctl(unsigned cmd, uint64_t arg)
{
    int v;
    switch (cmd) {
    case TCGETS:
        return copy_to_user((void *)arg, &tio, sizeof(tio)) ? -EFAULT : 0;
    case TCSETSF:
        line_len = ready_len = 0; /* and flush pending input */
        /* fall through */
    case TCSETS:
    case TCSETSW:
        return copy_from_user(&tio, (const void *)arg, sizeof(tio)) ? -EFAULT : 0;
    case TIOCGWINSZ:
        return copy_to_user((void *)arg, &tty_ws, sizeof(tty_ws)) ? -EFAULT : 0;
    case TIOCSWINSZ:
        return copy_from_user(&tty_ws, (const void *)arg, sizeof(tty_ws)) ? -EFAULT : 0;
    case TCFLSH:
        if (arg > 2)
            return -EINVAL;
        if (arg != 1) /* TCIFLUSH or TCIOFLUSH: input goes */
            line_len = ready_len = 0;
        return 0;
    case TCSBRK:
    case TCXONC:
        return 0; /* output is never held back here */
    case FIONREAD:
        v = (int)ready_len;
        return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
    case TIOCOUTQ:
        v = 0;
        return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
    case TIOCSCTTY:
    case TIOCGPGRP:
    case TIOCSPGRP:
    case TIOCNOTTY:
    case TIOCGSID:
        return jobctl_ioctl(cmd, arg); /* session and foreground group */
    default:
        return -ENOTTY;
    }
}
