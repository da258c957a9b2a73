/* host/run_tty.c: telling the guest which of the program's std fds are
 * terminals (kiln.tty), and putting kiln's own terminal in raw mode while
 * the program runs when stdin is one, so that the guest's line discipline
 * (vfs/tty.c) edits, echoes and turns Ctrl-C into SIGINT, as a pty would.
 * The terminal's settings come back when kiln exits, however it exits. */
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "host/run.h"

static struct termios saved;
static int raw_on;

static void tty_restore(void)
{
    if (raw_on) {
        tcsetattr(0, TCSAFLUSH, &saved);
        raw_on = 0;
    }
}

static void tty_restore_and_die(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Raw mode on fd 0: every byte to the guest at once, no echo, no signals
 * from the keyboard, no output processing.  0, or -1 if it cannot be. */
static int tty_raw_enter(void)
{
    struct termios t;
    if (tcgetattr(0, &saved))
        return -1;
    t = saved;
    cfmakeraw(&t);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSAFLUSH, &t))
        return -1;
    raw_on = 1;
    atexit(tty_restore);
    static const int sigs[] = {SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGSEGV, SIGABRT};
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        signal(sigs[i], tty_restore_and_die);
    return 0;
}

int run_tty_arg(struct cmdline *c, int with_stdin)
{
    struct winsize ws = {0};
    unsigned mask = 0;
    int fd, first = -1, raw;

    for (fd = 0; fd < 3; fd++)
        if ((fd || with_stdin) && isatty(fd)) {
            mask |= 1u << fd;
            if (first < 0)
                first = fd;
        }
    if (!mask)
        return 0;
    ioctl(first, TIOCGWINSZ, &ws);
    /* only kiln's own monitor passes stdin through (with_stdin) */
    raw = (mask & 1) && tty_raw_enter() == 0;
    return cmdline_addf(c, "kiln.tty=%u,%u,%u,%d", mask, ws.ws_row, ws.ws_col, raw);
}
