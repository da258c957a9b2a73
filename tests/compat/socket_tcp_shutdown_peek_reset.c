/* socket_tcp_shutdown_peek_reset: TCP semantics over 127.0.0.1: MSG_PEEK
 * then read, MSG_WAITALL across two writes, MSG_DONTWAIT EAGAIN, FIONREAD,
 * shutdown(SHUT_WR) seen as EOF and EPOLLRDHUP by the peer while the other
 * direction still flows, EPIPE after our own SHUT_WR (with SIGPIPE, and
 * none with MSG_NOSIGNAL), close with unread data resetting the peer
 * (ECONNRESET, then EPIPE), a blocking read interrupted by a signal (EINTR
 * without SA_RESTART), and SO_RCVTIMEO giving EAGAIN. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

static volatile int pipes;
static void on_pipe(int s) { pipes++; }
static void on_alarm(int s) {}

static void pair(int *c, int *s)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (void *)&a, sizeof a);
    socklen_t al = sizeof a;
    getsockname(l, (void *)&a, &al);
    listen(l, 1);
    *c = socket(AF_INET, SOCK_STREAM, 0);
    connect(*c, (void *)&a, sizeof a);
    *s = accept(l, 0, 0);
    close(l);
}

static int wfd;
static void *later(void *arg)
{
    usleep(100000);
    write(wfd, "45678", 5);
    return 0;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    signal(SIGPIPE, on_pipe);
    int c, s;
    char buf[64];
    pair(&c, &s);
    show("recv dontwait empty", recv(s, buf, sizeof buf, MSG_DONTWAIT));
    show("write", write(c, "0123", 4));
    struct pollfd pf = {s, POLLIN, 0};
    poll(&pf, 1, 5000);
    int n = -1;
    ioctl(s, FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    memset(buf, 0, sizeof buf);
    show("peek", recv(s, buf, sizeof buf, MSG_PEEK));
    printf("peeked '%s'\n", buf);
    wfd = c;
    pthread_t t;
    pthread_create(&t, 0, later, 0);
    memset(buf, 0, sizeof buf);
    show("waitall 9", recv(s, buf, 9, MSG_WAITALL));
    printf("got '%s'\n", buf);
    pthread_join(t, 0);

    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    show("epoll before shutdown", epoll_wait(ep, out, 2, 0));
    show("shutdown c wr", shutdown(c, SHUT_WR));
    n = epoll_wait(ep, out, 2, 5000);
    printf("epoll %d in %d rdhup %d hup %d\n", n, !!(out[0].events & EPOLLIN),
           !!(out[0].events & EPOLLRDHUP), !!(out[0].events & EPOLLHUP));
    show("read eof", read(s, buf, sizeof buf));
    show("server still writes", write(s, "back", 4));
    show("client reads", read(c, buf, sizeof buf));
    show("client writes after shut wr", write(c, "x", 1));
    printf("sigpipes %d\n", pipes);
    show("send nosignal after shut wr", send(c, "x", 1, MSG_NOSIGNAL));
    printf("sigpipes %d\n", pipes);
    close(c);
    close(s);
    close(ep);

    /* unread data at close: a reset */
    pair(&c, &s);
    write(c, "unread", 6);
    pf.fd = s;
    poll(&pf, 1, 5000);
    close(s);
    pf.fd = c;
    pf.events = POLLIN;
    poll(&pf, 1, 5000);
    printf("after reset: in %d err %d hup %d\n", !!(pf.revents & POLLIN), !!(pf.revents & POLLERR), !!(pf.revents & POLLHUP));
    show("read after reset", read(c, buf, sizeof buf));
    show("write after reset", write(c, "x", 1));
    printf("sigpipes %d\n", pipes);
    close(c);

    /* a signal interrupts a blocking read; a timeout ends one */
    pair(&c, &s);
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, 0);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, 0);
    show("read interrupted", read(s, buf, sizeof buf));
    struct timeval tv = {0, 100000};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    show("read timed out", read(s, buf, sizeof buf));
    close(c);
    close(s);
    return 0;
}
