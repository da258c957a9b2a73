/* tests/unit/harness.c: run each cmocka case in a child process and report.
 *
 * A fresh process per case is what makes the tests independent: the kernel
 * keeps boot-once state in statics (frame allocator, heap, root inode), and
 * an ASan or UBSan report, a segfault or a hang ends one case, not the run.
 * Output of a passing case is dropped; a failing one prints its reason and
 * the first lines of what it wrote, the way tests/lib.sh reports failures.
 */
#define _GNU_SOURCE
#include "tests/unit/unit.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CASE_TIMEOUT 10 /* seconds; every case takes milliseconds */
#define DETAIL_LINES 12

/* Kernel data structures are leaked on purpose (no teardown of a boot). */
const char *__asan_default_options(void)
{
    return "detect_leaks=0:print_summary=1";
}

const char *__ubsan_default_options(void)
{
    return "print_stacktrace=1";
}

const char *unit_errname(long err)
{
    static const char *const names[] = {
        [0] = "success",       [1] = "EPERM",      [2] = "ENOENT",   [5] = "EIO",
        [7] = "E2BIG",         [8] = "ENOEXEC",    [9] = "EBADF",    [12] = "ENOMEM",
        [13] = "EACCES",       [14] = "EFAULT",    [16] = "EBUSY",   [17] = "EEXIST",
        [18] = "EXDEV",        [19] = "ENODEV",    [20] = "ENOTDIR", [21] = "EISDIR",
        [22] = "EINVAL",       [27] = "EFBIG",     [28] = "ENOSPC",  [34] = "ERANGE",
        [36] = "ENAMETOOLONG", [39] = "ENOTEMPTY", [40] = "ELOOP",   [95] = "EOPNOTSUPP",
    };
    if (err > 0)
        return "not an error";
    if (-err < (long)(sizeof(names) / sizeof(names[0])) && names[-err])
        return names[-err];
    return "?";
}

static int boilerplate(const char *l)
{
    static const char *const skip[] = {
        "[==========]", "[ RUN      ]", "[       OK ]",   "[  PASSED  ]", "[  FAILED  ]",
        "[  ERROR   ]", "[   LINE   ]", " 1 FAILED TEST", "=====",        "ERROR: ",
        "Shadow byte",  "  0x",         "  Addressable",  "  Partially",  "  Heap ",
        "  Freed ",     "  Stack ",     "  Global ",      "  Poisoned",   "  Container",
        "  Array ",     "  Intra ",     "  ASan ",        "  Left ",      "  Right "};
    if (!*l || *l == '\n')
        return 1;
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (!strncmp(l, skip[i], strlen(skip[i])))
            return 1;
    return 0;
}

/* The first line that says why the case failed, in reason (no newline). */
static void find_reason(FILE *f, int status, char *reason, size_t n)
{
    char line[1024];
    reason[0] = 0;
    if (WIFSIGNALED(status)) {
        if (WTERMSIG(status) == SIGALRM)
            snprintf(reason, n, "timed out after %d s", CASE_TIMEOUT);
        else
            snprintf(reason, n, "killed by signal %d (%s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        return;
    }
    rewind(f);
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = 0;
        const char *p;
        if ((p = strstr(line, "ERROR: AddressSanitizer: ")) ||
            (p = strstr(line, "runtime error: "))) {
            snprintf(reason, n, "%s", strstr(line, "runtime error: ") ? line : p + 7);
            return;
        }
        /* assert_*: "[  ERROR   ] --- what"; fail_msg: "ERROR: what" */
        const char *what = !strncmp(line, "[  ERROR   ] --- ", 17) ? line + 17
                           : !strncmp(line, "ERROR: ", 7)          ? line + 7
                                                                   : NULL;
        if (what) {
            char where[1024] = "";
            if (fgets(where, sizeof(where), f) && !strncmp(where, "[   LINE   ] --- ", 17)) {
                where[strcspn(where, "\n")] = 0;
                char *e = strstr(where, ": error");
                if (e)
                    *e = 0;
                snprintf(reason, n, "%s (%s)", what, where + 17);
            } else {
                snprintf(reason, n, "%s", what);
            }
            return;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status))
        snprintf(reason, n, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(reason, n, "the case did not report a result");
}

static int passed_line(FILE *f)
{
    char line[1024];
    rewind(f);
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "[  PASSED  ] 1 test(s).", 23))
            return 1;
    return 0;
}

/* Run one case in a child; 1 if it passed, else print why and return 0. */
static int run_case(const char *suite, const struct CMUnitTest *t)
{
    FILE *out = tmpfile();
    if (!out) {
        perror("unit: tmpfile");
        exit(2);
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("unit: fork");
        exit(2);
    }
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(out), 2);
        alarm(CASE_TIMEOUT);
        int failed = _cmocka_run_group_tests(suite, t, 1, NULL, NULL);
        fflush(stdout);
        fflush(stderr);
        _exit(failed ? 1 : 0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && passed_line(out);
    if (!ok) {
        char reason[1024], line[1024];
        find_reason(out, status, reason, sizeof(reason));
        printf("FAIL unit/%s/%s: %s\n", suite, t->name, reason);
        rewind(out);
        for (int shown = 0; shown < DETAIL_LINES && fgets(line, sizeof(line), out);) {
            if (boilerplate(line))
                continue;
            line[strcspn(line, "\n")] = 0;
            printf("    %s\n", line);
            shown++;
        }
    }
    fclose(out);
    return ok;
}

int unit_main(int argc, char **argv, const char *suite, const struct CMUnitTest *tests, size_t n)
{
    if (argc > 1 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", tests[i].name);
        return 0;
    }
    if (argc > 1) {
        for (size_t i = 0; i < n; i++)
            if (!strcmp(argv[1], tests[i].name))
                return _cmocka_run_group_tests(suite, &tests[i], 1, NULL, NULL) ? 1 : 0;
        fprintf(stderr, "%s: no case named %s (--list shows them)\n", suite, argv[1]);
        return 2;
    }
    size_t passed = 0;
    for (size_t i = 0; i < n; i++)
        passed += run_case(suite, &tests[i]);
    printf("%zu passed, %zu failed\n", passed, n - passed);
    return passed == n ? 0 : 1;
}
