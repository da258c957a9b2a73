/* tests/unit/unit.h: what every unit test shares.
 *
 * Kernel code is compiled for the host with -DKILN_UNIT_TEST; the kernel
 * services it calls (kprintf, panic, time, current(), user copies, frames,
 * the heap) are stand-ins defined in stubs.c, host_mm.c and phys.c.  Each
 * test case runs in a process of its own (harness.c), so kernel state that
 * is set up once per boot (the frame allocator, the heap, the root) starts
 * fresh in every case, and a crash or sanitizer report fails one case only.
 */
#ifndef KILN_TESTS_UNIT_H
#define KILN_TESTS_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* ---- harness.c ---- */
/* Run the cases: with no argument each in a child process, printing one
 * "FAIL unit/SUITE/CASE: reason" block per failure and a last line
 * "N passed, N failed"; with a case name, only that case, in this process
 * (for a debugger); with --list, print the case names. */
int unit_main(int argc, char **argv, const char *suite, const struct CMUnitTest *tests, size_t n);
#define UNIT_MAIN(suite, tests)                                                                    \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        return unit_main(argc, argv, suite, tests, sizeof(tests) / sizeof(tests[0]));              \
    }

/* expr must be the error want (a -errno, or 0): on failure the message
 * names both, "vfs_rename(...) = -39 (ENOTEMPTY), want -22 (EINVAL)". */
const char *unit_errname(long err);
#define assert_err(expr, want)                                                                     \
    do {                                                                                           \
        long got_ = (long)(expr), want_ = (long)(want);                                            \
        if (got_ != want_)                                                                         \
            fail_msg("%s = %ld (%s), want %ld (%s)", #expr, got_, unit_errname(got_), want_,       \
                     unit_errname(want_));                                                         \
    } while (0)

/* ---- stubs.c: the kernel's environment ---- */
/* Everything kprintf (and so klog: console_verbose is on) printed so far. */
extern char unit_log[16384];
void unit_log_clear(void);
/* panic() longjmps here when set (see assert_panics), else fails the case. */
extern jmp_buf *unit_panic_jmp;
extern char unit_panic_msg[256];
#define assert_panics(stmt)                                                                        \
    do {                                                                                           \
        jmp_buf env_;                                                                              \
        unit_panic_jmp = &env_;                                                                    \
        if (!setjmp(env_)) {                                                                       \
            stmt;                                                                                  \
            unit_panic_jmp = NULL;                                                                 \
            fail_msg("%s returned instead of panicking", #stmt);                                   \
        }                                                                                          \
        unit_panic_jmp = NULL;                                                                     \
    } while (0)

struct inode;
/* Make current() a process with this cwd, root (NULL: the boot root) and
 * umask; unit_no_task() makes current() NULL again (boot context). */
void unit_task(struct inode *cwd, struct inode *root, uint32_t umask);
void unit_no_task(void);
/* What time_now() returns. */
void unit_set_time(int64_t sec, long nsec);

/* ---- host_mm.c: frames and heap from the host (vfs tests) ---- */
/* Physical address == host address (unit_direct_map = 0).  Frames are
 * page-aligned host allocations with reference counts; a get or put of a
 * frame that was never allocated (initrd data, say) fails the case. */
void unit_host_mm_init(void);
size_t unit_frames_live(void);    /* frames allocated and not yet freed */
void unit_frames_limit(size_t n); /* mm_page_alloc fails past n live; 0 = no limit */

/* ---- vfs_helpers.c: a fresh tmpfs root and shortcuts (vfs tests) ---- */
/* Host frames (unit_host_mm_init), no current task, a new empty tmpfs set
 * as the boot root; returns it. */
struct inode *unit_fresh_root(void);
/* vfs_lookup from the root; asserts success; the reference is the caller's. */
struct inode *unit_lookup(const char *path, int flags);
/* vfs_lookup's result: 0 (reference dropped) or -errno. */
int unit_lookup_err(const char *path, int flags);
/* Create or truncate path and write data; read a whole file (at most n). */
void unit_write_file(const char *path, const void *data, size_t n);
long unit_read_file(const char *path, void *buf, size_t n);

/* ---- phys.c: "physical memory" backed by a host mapping (mm tests) ---- */
/* Map size bytes at physical address 0 (inaccessible until unit_phys_open). */
void *unit_phys_init(uint64_t size);
void unit_phys_open(uint64_t pa, uint64_t len); /* make [pa, pa+len) read-write */

#endif
