/* tests/unit/tty_line_discipline.c: vfs/tty.c, the guest's line discipline
 * for the console terminal: canonical editing (erase, kill, word erase),
 * ICRNL, end of file, one line per read, echo with ONLCR and ECHOCTL,
 * signal characters to the foreground group, raw mode, flushing, and output
 * newline translation.  The console, job control and user-copy edges are
 * recorded here instead. */
#include "tests/unit/unit.h"
#include <signal.h>
#include <string.h>

#include "vfs/tty.h"

#define EAGAIN_ (-11)
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCFLSH 0x540b

/* ---- what vfs/tty.c calls ---- */
int uaccess_kernel_ok = 1;
size_t arch_copy_user(void *dst, const void *src, size_t n)
{
    memcpy(dst, src, n);
    return 0;
}

static char echoed[4096];
static size_t echoed_len;
void console_write_kernel(int fd, const char *buf, size_t n)
{
    memcpy(echoed + echoed_len, buf, n);
    echoed_len += n;
}

static int signals[8], nsignals;
void jobctl_signal_fg(int sig)
{
    signals[nsignals++] = sig;
}

long jobctl_ioctl(unsigned cmd, uint64_t arg)
{
    return -25;
}

/* ---- helpers ---- */
struct termios_k {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line, c_cc[19];
};
static struct termios_k defaults;

/* Each case runs in a fresh process (harness.c): the terminal as kiln
 * sets it up when its stdin, stdout and stderr are a terminal. */
static void setup(void **state)
{
    console_tty_init("7,24,80,1");
    tty_ioctl(TCGETS, (uint64_t)&defaults);
}

static void type(const char *s)
{
    tty_input(s, strlen(s));
}

static const char *take(void)
{
    static char buf[256];
    long n = tty_read(buf, sizeof(buf) - 1);
    if (n < 0)
        return "(nothing)";
    buf[n] = 0;
    return n ? buf : "(eof)";
}

/* ---- tests ---- */
static void canonical_lines_wait_for_enter_and_edit(void **state)
{
    setup(state);
    type("ab");
    assert_false(tty_readable());
    assert_string_equal(take(), "(nothing)");
    type("\x7f" "c\r"); /* DEL erases b; Enter arrives as CR: ICRNL */
    assert_true(tty_readable());
    assert_string_equal(take(), "ac\n");
    echoed[echoed_len] = 0;
    assert_string_equal(echoed, "ab\b \bc\r\n"); /* echo, erase, ONLCR */
}

static void kill_and_word_erase(void **state)
{
    setup(state);
    type("xyz\x15ok\n"); /* Ctrl-U */
    assert_string_equal(take(), "ok\n");
    type("one two\x17three\n"); /* Ctrl-W */
    assert_string_equal(take(), "one three\n");
}

static void one_line_per_read(void **state)
{
    setup(state);
    type("l1\nl2\n");
    assert_string_equal(take(), "l1\n");
    assert_string_equal(take(), "l2\n");
    assert_string_equal(take(), "(nothing)");
}

static void ctrl_d_is_end_of_file_or_a_push(void **state)
{
    setup(state);
    type("ab\x04");
    assert_string_equal(take(), "ab");
    type("\x04");
    assert_string_equal(take(), "(eof)");
    assert_string_equal(take(), "(nothing)");
}

static void ctrl_c_signals_the_foreground_and_flushes(void **state)
{
    setup(state);
    type("half a line\x03");
    assert_int_equal(nsignals, 1);
    assert_int_equal(signals[0], SIGINT);
    echoed[echoed_len] = 0;
    assert_non_null(strstr(echoed, "^C"));
    type("next\n");
    assert_string_equal(take(), "next\n"); /* the half line is gone */
    type("\x1c\x1a"); /* Ctrl-\, Ctrl-Z */
    assert_int_equal(nsignals, 3);
    assert_int_equal(signals[1], SIGQUIT);
    assert_int_equal(signals[2], SIGTSTP);
}

static void raw_mode_delivers_at_once_without_echo(void **state)
{
    setup(state);
    struct termios_k t = defaults;
    t.c_lflag &= ~(0000002 | 0000010 | 0000001); /* ICANON ECHO ISIG */
    t.c_iflag &= ~0000400;                       /* ICRNL */
    assert_int_equal(tty_ioctl(TCSETS, (uint64_t)&t), 0);
    type("q\x03\r");
    assert_string_equal(take(), "q\x03\r");
    assert_int_equal(nsignals, 0);
    assert_int_equal(echoed_len, 0);
}

static void flush_drops_pending_input(void **state)
{
    setup(state);
    type("pending\n");
    assert_int_equal(tty_ioctl(TCFLSH, 0), 0);
    assert_false(tty_readable());
    assert_int_equal(tty_ioctl(TCFLSH, 3), -22);
}

static void output_newlines_become_crlf(void **state)
{
    setup(state);
    char out[16];
    size_t used;
    size_t n = tty_opost("a\nb\n", 4, out, sizeof(out), &used);
    assert_int_equal(used, 4);
    assert_int_equal(n, 6);
    assert_memory_equal(out, "a\r\nb\r\n", 6);
    n = tty_opost("\n\n\n", 3, out, 4, &used); /* room for two */
    assert_int_equal(used, 2);
    assert_int_equal(n, 4);
    assert_true(tty_opost_active(1));
    assert_true(tty_ldisc());
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(canonical_lines_wait_for_enter_and_edit),
    cmocka_unit_test(kill_and_word_erase),
    cmocka_unit_test(one_line_per_read),
    cmocka_unit_test(ctrl_d_is_end_of_file_or_a_push),
    cmocka_unit_test(ctrl_c_signals_the_foreground_and_flushes),
    cmocka_unit_test(raw_mode_delivers_at_once_without_echo),
    cmocka_unit_test(flush_drops_pending_input),
    cmocka_unit_test(output_newlines_become_crlf),
};

UNIT_MAIN("tty", tests)
