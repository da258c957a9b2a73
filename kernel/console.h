/* kernel/console.h: the program's stdout/stderr ports, kernel log, panic. */
#ifndef KILN_KERNEL_CONSOLE_H
#define KILN_KERNEL_CONSOLE_H

#include <stddef.h>

extern int console_verbose; /* kiln.v: kernel log to stderr */
extern int console_wport;   /* kiln.wport: the monitor's bulk write port exists */

/* Write n bytes to the program's stream fd (1 = stdout, 2 = stderr) with one
 * `rep outsb`. */
void console_write(int fd, const void *buf, size_t n);
/* Messages from kiln to the user ("kiln: ..."), always on stderr. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Kernel log: stderr, only with kiln.v. */
#define klog(...)                        \
    do {                                 \
        if (console_verbose)             \
            kprintf(__VA_ARGS__);        \
    } while (0)
/* A broken kernel invariant: message, then the VM exits with status 125. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* End the VM with this exit status (ports in include/kiln_abi.h). */
__attribute__((noreturn)) void console_exit(int status);

#endif
