/* socket_errors_connect_bind: errors as Linux reports them: ECONNREFUSED
 * (blocking, and non-blocking through SO_ERROR after epoll), EADDRINUSE,
 * EINVAL on a second bind, ENOTSOCK, EBADF, EFAULT, EAFNOSUPPORT,
 * ENOTCONN, EAGAIN from accept4 with SOCK_NONBLOCK, EINPROGRESS then
 * connected, accept4 flags on the new socket, EISCONN; SO_REUSEADDR
 * rebinding after the listener closes. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

static struct sockaddr_in lo(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    int one = 1;
    /* a port nobody listens on: bind one, close it */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(0);
    socklen_t l = sizeof a;
    bind(s, (void *)&a, sizeof a);
    getsockname(s, (void *)&a, &l);
    close(s);
    s = socket(AF_INET, SOCK_STREAM, 0);
    show("connect refused", connect(s, (void *)&a, sizeof a));
    close(s);
    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(s, (void *)&a, sizeof a);
    printf("nonblock connect refused: %s\n",
           r == 0 ? "0" : errno == EINPROGRESS ? "EINPROGRESS" : errno == ECONNREFUSED ? "ECONNREFUSED" : "other");
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    int n = epoll_wait(ep, out, 2, 5000);
    printf("epoll %d err %d hup %d\n", n, !!(out[0].events & EPOLLERR), !!(out[0].events & EPOLLHUP));
    int err = -1;
    socklen_t el = sizeof err;
    show("SO_ERROR", getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el));
    printf("so_error %d (%s)\n", err, strerror(err));
    el = sizeof err;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
    printf("so_error again %d\n", err);
    close(s);
    close(ep);

    int lsn = socket(AF_INET, SOCK_STREAM, 0);
    a = lo(0);
    show("bind", bind(lsn, (void *)&a, sizeof a));
    show("bind again", bind(lsn, (void *)&a, sizeof a));
    l = sizeof a;
    getsockname(lsn, (void *)&a, &l);
    show("listen", listen(lsn, 4));
    int t = socket(AF_INET, SOCK_STREAM, 0);
    show("bind in use", bind(t, (void *)&a, sizeof a));
    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    show("bind in use, reuseaddr on one side", bind(t, (void *)&a, sizeof a));
    close(t);
    int fl = fcntl(lsn, F_GETFL);
    fcntl(lsn, F_SETFL, fl | O_NONBLOCK);
    show("accept nonblocking listener", accept(lsn, 0, 0));
    fcntl(lsn, F_SETFL, fl);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    r = connect(c, (void *)&a, sizeof a);
    printf("nonblock connect: %s\n", r == 0 ? "0" : errno == EINPROGRESS ? "EINPROGRESS" : strerror(errno));
    struct pollfd pf = {c, POLLOUT, 0};
    poll(&pf, 1, 5000);
    printf("poll out %d\n", !!(pf.revents & POLLOUT));
    el = sizeof err;
    getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el);
    printf("so_error %d\n", err);
    show("connect again", connect(c, (void *)&a, sizeof a));
    struct sockaddr_in pa;
    socklen_t pl = sizeof pa;
    int acc = show("accept4 cloexec|nonblock", accept4(lsn, (void *)&pa, &pl, SOCK_CLOEXEC | SOCK_NONBLOCK) >= 0 ? 0 : -1);
    (void)acc;
    printf("addrlen %u family %d\n", pl, pa.sin_family);
    close(c);

    /* ENOTSOCK, EBADF, EFAULT, EAFNOSUPPORT, ENOTCONN */
    show("bind on a pipe", bind(0, (void *)&a, sizeof a) == -1 && errno == ENOTSOCK ? -2 : 0);
    int p[2];
    pipe(p);
    show("listen on a pipe", listen(p[0], 1));
    show("getsockname on a pipe", getsockname(p[0], (void *)&a, &l));
    show("connect bad fd", connect(999, (void *)&a, sizeof a));
    show("bind EFAULT", bind(lsn, (void *)1, 16));
    l = sizeof a;
    show("getsockname EFAULT", getsockname(lsn, (void *)1, &l));
    show("socket bad family", socket(12345, SOCK_STREAM, 0));
    show("socket bad type", socket(AF_INET, 77, 0));
    show("socket udp proto for stream", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
    int u = socket(AF_INET, SOCK_STREAM, 0);
    l = sizeof a;
    show("getpeername unconnected", getpeername(u, (void *)&a, &l));
    char b[4];
    show("recv unconnected", recv(u, b, 4, 0));
    show("shutdown unconnected", shutdown(u, SHUT_RDWR));
    show("shutdown bad how", shutdown(u, 7));
    struct sockaddr_in6 s6 = {.sin6_family = AF_INET6};
    show("bind inet6 addr on inet", bind(u, (void *)&s6, sizeof s6));
    show("bind short", bind(u, (void *)&a, 4));
    close(u);
    close(lsn);
    /* SO_REUSEADDR: rebinding a port right after its listener closed */
    int again = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    l = sizeof a;
    show("rebind with reuseaddr", bind(again, (void *)&a, sizeof a));
    show("listen", listen(again, 1));
    close(again);
    return 0;
}
