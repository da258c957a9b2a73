/* tests/unit/cmdline_parse_options_quoting.c: cmdline_parse() splits the
 * kernel command line the way include/kiln_abi.h says: kiln.* options
 * before "--" (others ignored), then PROGRAM and its arguments, with
 * backslash escapes and double-quote grouping.  The argv/envp vectors come
 * from malloc here, sized as cmdline_parse asks, so ASan sees any write
 * past what it asked for. */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"

#define EINVAL_ (-22)
#define ENOMEM_ (-12)

static char line[65536];
static struct cmdline c;
static int allocs_left = 100;

static char **alloc_vec(size_t n)
{
    if (!allocs_left--)
        return NULL;
    return malloc(n * sizeof(char *));
}

static int parse(const char *s)
{
    memset(&c, 0, sizeof(c));
    snprintf(line, sizeof(line), "%s", s);
    return cmdline_parse(line, &c, alloc_vec);
}

static void program_and_arguments_follow_the_double_dash(void **state)
{
    assert_int_equal(parse("-- /bin/prog one two"), 0);
    assert_int_equal(c.argc, 3);
    assert_string_equal(c.argv[0], "/bin/prog");
    assert_string_equal(c.argv[1], "one");
    assert_string_equal(c.argv[2], "two");
    assert_null(c.argv[3]);
    assert_int_equal(c.envc, 0);
    assert_null(c.envp[0]);
    assert_int_equal(c.verbose, 0);
    assert_int_equal(c.strace, 0);
    assert_null(c.cwd);
    assert_null(c.argv0);
}

static void every_option_is_read(void **state)
{
    assert_int_equal(parse("kiln.v kiln.strace kiln.tsc_khz=2400000 kiln.time=1700000000.5 "
                           "kiln.cwd=/tmp/work kiln.env=A=1 kiln.env=PATH=/bin:/usr/bin "
                           "kiln.argv0=sh -- /bin/busybox -c true"),
                     0);
    assert_int_equal(c.verbose, 1);
    assert_int_equal(c.strace, 1);
    assert_int_equal(c.tsc_khz, 2400000);
    assert_int_equal(c.time_ns, 1700000000500000000ull);
    assert_string_equal(c.cwd, "/tmp/work");
    assert_string_equal(c.argv0, "sh");
    assert_int_equal(c.envc, 2);
    assert_string_equal(c.envp[0], "A=1");
    assert_string_equal(c.envp[1], "PATH=/bin:/usr/bin");
    assert_null(c.envp[2]);
    /* argv[0] stays PROGRAM as given; argv0 is the caller's to apply */
    assert_int_equal(c.argc, 3);
    assert_string_equal(c.argv[0], "/bin/busybox");
    assert_string_equal(c.argv[1], "-c");
    assert_string_equal(c.argv[2], "true");
}

static void fpu_fxsave_flag(void **state)
{
    assert_int_equal(parse("kiln.fpu=fxsave -- /p"), 0);
    assert_int_equal(c.fpu_fxsave, 1);
    assert_int_equal(parse("kiln.fpu=xsave -- /p"), 0);
    assert_int_equal(c.fpu_fxsave, 0);
    assert_int_equal(parse("-- /p"), 0);
    assert_int_equal(c.fpu_fxsave, 0); /* XSAVE unless told otherwise */
}

static void time_fraction_is_nanoseconds(void **state)
{
    assert_int_equal(parse("kiln.time=12.000000001 -- /p"), 0);
    assert_int_equal(c.time_ns, 12000000001ull);
    assert_int_equal(parse("kiln.time=7 -- /p"), 0);
    assert_int_equal(c.time_ns, 7000000000ull);
    assert_int_equal(parse("kiln.time=3.25 -- /p"), 0);
    assert_int_equal(c.time_ns, 3250000000ull);
    /* digits past the ninth are below a nanosecond */
    assert_int_equal(parse("kiln.time=1.1234567899 -- /p"), 0);
    assert_int_equal(c.time_ns, 1123456789ull);
}

static void unknown_options_are_ignored(void **state)
{
    assert_int_equal(parse("console=ttyS0 virtio_mmio.device=4K@0xd0000000:5 kiln.bogus=1 "
                           "kiln.vv kiln.mem=256M noapic -- /p"),
                     0);
    assert_int_equal(c.verbose, 0);
    assert_int_equal(c.strace, 0);
    assert_int_equal(c.envc, 0);
    assert_int_equal(c.argc, 1);
    assert_string_equal(c.argv[0], "/p");
}

static void options_after_double_dash_are_arguments(void **state)
{
    assert_int_equal(parse("-- /p kiln.v -- kiln.env=X=1"), 0);
    assert_int_equal(c.verbose, 0);
    assert_int_equal(c.envc, 0);
    assert_int_equal(c.argc, 4);
    assert_string_equal(c.argv[1], "kiln.v");
    assert_string_equal(c.argv[2], "--");
    assert_string_equal(c.argv[3], "kiln.env=X=1");
}

static void repeated_spaces_separate_once(void **state)
{
    assert_int_equal(parse("   kiln.v    --   /p    a   "), 0);
    assert_int_equal(c.verbose, 1);
    assert_int_equal(c.argc, 2);
    assert_string_equal(c.argv[1], "a");
}

static void double_quotes_group_bytes(void **state)
{
    assert_int_equal(parse("-- /p \"a b\" ab\"c d\"ef \"  \""), 0);
    assert_int_equal(c.argc, 4);
    assert_string_equal(c.argv[1], "a b");
    assert_string_equal(c.argv[2], "abc def");
    assert_string_equal(c.argv[3], "  ");
}

static void empty_quotes_are_an_empty_argument(void **state)
{
    assert_int_equal(parse("-- /p \"\" x \"\""), 0);
    assert_int_equal(c.argc, 4);
    assert_string_equal(c.argv[1], "");
    assert_string_equal(c.argv[2], "x");
    assert_string_equal(c.argv[3], "");
    assert_null(c.argv[4]);
}

static void backslash_makes_the_next_byte_literal(void **state)
{
    assert_int_equal(parse("-- /p a\\ b x\\\"y \\\\ \"q\\\"uote\" \\a"), 0);
    assert_int_equal(c.argc, 6);
    assert_string_equal(c.argv[1], "a b");
    assert_string_equal(c.argv[2], "x\"y");
    assert_string_equal(c.argv[3], "\\");
    assert_string_equal(c.argv[4], "q\"uote");
    assert_string_equal(c.argv[5], "a");
}

static void trailing_backslash_is_kept(void **state)
{
    assert_int_equal(parse("-- /p end\\"), 0);
    assert_int_equal(c.argc, 2);
    assert_string_equal(c.argv[1], "end\\");
}

static void unterminated_quote_runs_to_the_end(void **state)
{
    assert_int_equal(parse("-- /p \"a b"), 0);
    assert_int_equal(c.argc, 2);
    assert_string_equal(c.argv[1], "a b");
}

static void quoted_option_values_keep_spaces(void **state)
{
    assert_int_equal(parse("\"kiln.env=GREETING=hello world\" kiln.cwd=/my\\ dir -- /p"), 0);
    assert_int_equal(c.envc, 1);
    assert_string_equal(c.envp[0], "GREETING=hello world");
    assert_string_equal(c.cwd, "/my dir");
}

static void empty_program_name_is_kept(void **state)
{
    assert_int_equal(parse("-- \"\""), 0);
    assert_int_equal(c.argc, 1);
    assert_string_equal(c.argv[0], "");
}

static void tabs_and_newlines_separate_tokens(void **state)
{
    /* no spaces at all: every separator is a tab or a newline */
    assert_int_equal(parse("kiln.v\t--\t/p\ta\tb\nc"), 0);
    assert_int_equal(c.verbose, 1);
    assert_int_equal(c.argc, 4);
    assert_string_equal(c.argv[0], "/p");
    assert_string_equal(c.argv[3], "c");
    assert_null(c.argv[4]);
}

static void no_program_is_einval(void **state)
{
    assert_err(parse(""), EINVAL_);
    assert_err(parse("kiln.v"), EINVAL_);
    assert_err(parse("kiln.v --"), EINVAL_);
    assert_err(parse("kiln.v --   "), EINVAL_);
    /* a program without "--" is just an unknown option */
    assert_err(parse("kiln.v /bin/prog"), EINVAL_);
}

static void allocation_failure_is_enomem(void **state)
{
    allocs_left = 0;
    assert_err(parse("-- /p"), ENOMEM_);
    allocs_left = 1; /* argv yes, envp no */
    assert_err(parse("-- /p"), ENOMEM_);
}

static void environment_stops_at_its_limit(void **state)
{
    char *s = malloc(20000);
    size_t o = 0;
    for (int i = 0; i < CMDLINE_MAX_ENV + 10; i++)
        o += sprintf(s + o, "kiln.env=V%d=%d ", i, i);
    sprintf(s + o, "-- /p");
    assert_int_equal(parse(s), 0);
    free(s);
    assert_int_equal(c.envc, CMDLINE_MAX_ENV);
    assert_string_equal(c.envp[0], "V0=0");
    assert_string_equal(c.envp[CMDLINE_MAX_ENV - 1], "V255=255");
    assert_null(c.envp[CMDLINE_MAX_ENV]);
    assert_int_equal(c.argc, 1);
}

static void many_arguments_all_arrive(void **state)
{
    char *s = malloc(20000);
    size_t o = sprintf(s, "-- /p");
    for (int i = 1; i < 2000; i++)
        o += sprintf(s + o, " %d", i);
    assert_int_equal(parse(s), 0);
    free(s);
    assert_int_equal(c.argc, 2000);
    assert_string_equal(c.argv[1999], "1999");
    assert_null(c.argv[2000]);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(program_and_arguments_follow_the_double_dash),
    cmocka_unit_test(every_option_is_read),
    cmocka_unit_test(fpu_fxsave_flag),
    cmocka_unit_test(time_fraction_is_nanoseconds),
    cmocka_unit_test(unknown_options_are_ignored),
    cmocka_unit_test(options_after_double_dash_are_arguments),
    cmocka_unit_test(repeated_spaces_separate_once),
    cmocka_unit_test(double_quotes_group_bytes),
    cmocka_unit_test(empty_quotes_are_an_empty_argument),
    cmocka_unit_test(backslash_makes_the_next_byte_literal),
    cmocka_unit_test(trailing_backslash_is_kept),
    cmocka_unit_test(unterminated_quote_runs_to_the_end),
    cmocka_unit_test(quoted_option_values_keep_spaces),
    cmocka_unit_test(empty_program_name_is_kept),
    cmocka_unit_test(tabs_and_newlines_separate_tokens),
    cmocka_unit_test(no_program_is_einval),
    cmocka_unit_test(allocation_failure_is_enomem),
    cmocka_unit_test(environment_stops_at_its_limit),
    cmocka_unit_test(many_arguments_all_arrive),
};

UNIT_MAIN("cmdline", tests)
