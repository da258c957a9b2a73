/* host/qemu_relay.c: copying QEMU's serial ports to kiln's stdout/stderr, exactly.
 *
 * QEMU writes each guest UART to a pipe of ours (chardev "file" on
 * /dev/fd/N), and its own messages to another; so nothing QEMU says itself
 * can reach the program's stdout, and bytes pass through unchanged.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host/out.h"
#include "host/qemu.h"

#define QEMU_LOG_MAX (64 * 1024)

static volatile sig_atomic_t qemu_child, qemu_signal;

static void qemu_forward(int sig)
{
    qemu_signal = sig;
    if (qemu_child > 0)
        kill(qemu_child, sig);
}

static void qemu_log(struct qemu_result *res, const char *buf, size_t n)
{
    char *p;

    if (res->log_len + n > QEMU_LOG_MAX)
        n = QEMU_LOG_MAX - res->log_len;
    p = realloc(res->log, res->log_len + n + 1);
    if (!p)
        return;
    memcpy(p + res->log_len, buf, n);
    res->log = p;
    res->log_len += n;
    p[res->log_len] = 0;
}

/* Handle what arrived on pipe i.  Returns 0 at end of file, else 1. */
static int qemu_relay_one(int i, int fd, struct qemu_result *res)
{
    static char buf[65536];
    ssize_t n = read(fd, buf, sizeof(buf));

    if (n < 0)
        return errno == EINTR || errno == EAGAIN;
    if (n == 0)
        return 0;
    switch (i) {
    case QEMU_PIPE_STDOUT:
        out_write(1, buf, n);
        break;
    case QEMU_PIPE_STDERR:
        out_write(2, buf, n);
        break;
    case QEMU_PIPE_STATUS:
        res->status = (uint8_t)buf[n - 1];
        break;
    default:
        qemu_log(res, buf, n);
        break;
    }
    return 1;
}

int qemu_relay(pid_t pid, int fds[QEMU_NPIPES], struct qemu_result *res)
{
    struct sigaction sa = {.sa_handler = qemu_forward}, old[3];
    static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    struct pollfd p[QEMU_NPIPES];
    int open = QEMU_NPIPES, err = 0;

    memset(res, 0, sizeof(*res));
    res->status = -1;
    qemu_child = pid;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    for (int i = 0; i < QEMU_NPIPES; i++)
        p[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    while (open) {
        if (poll(p, QEMU_NPIPES, -1) < 0) {
            if (errno == EINTR)
                continue;
            err = -errno;
            break;
        }
        for (int i = 0; i < QEMU_NPIPES; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            if (!qemu_relay_one(i, p[i].fd, res)) {
                close(p[i].fd);
                p[i].fd = -1;
                open--;
            }
        }
    }
    for (int i = 0; i < QEMU_NPIPES; i++)
        if (p[i].fd >= 0)
            close(p[i].fd);
    while (waitpid(pid, &res->wstatus, 0) < 0)
        if (errno != EINTR) {
            err = -errno;
            break;
        }
    qemu_child = 0;
    res->signal = qemu_signal;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    return err;
}
