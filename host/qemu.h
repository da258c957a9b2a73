/* host/qemu.h: the QEMU engine's parts: launching qemu-system-x86_64 and relaying its output. */
#ifndef KILN_HOST_QEMU_H
#define KILN_HOST_QEMU_H

#include <stddef.h>
#include <sys/types.h>

/* What qemu_relay collected from a QEMU that has exited. */
struct qemu_result {
    int status;  /* last byte on COM3 (KILN_PORT_STATUS), or -1 if none */
    int wstatus; /* from waitpid */
    int signal;  /* a SIGINT/SIGTERM/SIGHUP kiln got and passed on, or 0 */
    char *log;   /* QEMU's own stdout and stderr (NUL-terminated, capped) */
    size_t log_len;
};

/* The pipes QEMU writes: guest COM1, COM2, COM3, and QEMU's own output. */
enum { QEMU_PIPE_STDOUT, QEMU_PIPE_STDERR, QEMU_PIPE_STATUS, QEMU_PIPE_LOG, QEMU_NPIPES };

/* Relay COM1 to fd 1 and COM2 to fd 2 byte for byte, remember COM3's last
 * byte and collect QEMU's own output, reading the read ends fds[] until
 * every writer is gone; then reap pid.  SIGINT, SIGTERM and SIGHUP are
 * passed on to QEMU meanwhile.  Closes fds[].  Returns 0 or -errno. */
int qemu_relay(pid_t pid, int fds[QEMU_NPIPES], struct qemu_result *res);

#endif
