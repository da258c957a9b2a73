/* signalfd_read_poll: blocked signals read through a signalfd with their
 * siginfo (signo, code, sigqueue value), in signal-number order; poll sees
 * them; an empty non-blocking signalfd says EAGAIN; a new mask replaces the
 * old one. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK);
    printf("signalfd ok: %d\n", fd >= 0);
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof(si));
    printf("empty read %zd errno %s\n", n, n < 0 && errno == EAGAIN ? "EAGAIN" : "other");
    raise(SIGUSR2);
    union sigval v = {.sival_int = 5};
    sigqueue(getpid(), SIGUSR1, v);
    struct pollfd p = {fd, POLLIN, 0};
    printf("poll %d revents %d\n", poll(&p, 1, 0), p.revents);
    while ((n = read(fd, &si, sizeof(si))) == sizeof(si))
        printf("signo %u code %d int %d\n", si.ssi_signo, si.ssi_code,
               si.ssi_code == SI_QUEUE ? si.ssi_int : 0);
    sigdelset(&set, SIGUSR2);
    printf("new mask returns the fd: %d\n", signalfd(fd, &set, 0) == fd);
    return 0;
}
