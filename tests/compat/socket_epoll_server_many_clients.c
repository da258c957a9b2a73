/* socket_epoll_server_many_clients: an edge-triggered epoll TCP server
 * thread with non-blocking accept4 and sockets serving 50 clients that are
 * all connected at once (connect in non-blocking mode, completion seen
 * through EPOLLOUT), each sending a request and reading its echo; then the
 * clients close and the server sees each one go (EOF or EPOLLRDHUP). */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define N 50
static int lfd;
static int served, closed;

static void *server(void *arg)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd}, out[16];
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    int open = 0, accepted = 0;
    while (accepted < N || open > 0) {
        int n = epoll_wait(ep, out, 16, 10000);
        if (n <= 0) {
            printf("server: epoll_wait %d\n", n);
            break;
        }
        for (int i = 0; i < n; i++) {
            int fd = out[i].data.fd;
            if (fd == lfd) {
                int c;
                while ((c = accept4(lfd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                    accepted++;
                    open++;
                }
                if (errno != EAGAIN)
                    printf("accept4: errno %d\n", errno);
                continue;
            }
            char buf[256];
            ssize_t k;
            while ((k = read(fd, buf, sizeof buf)) > 0) {
                write(fd, buf, k);
                served++;
            }
            /* EOF comes as read() == 0 or as EPOLLRDHUP, depending on
             * timing: count closes, not how they were seen */
            if (k == 0 || (out[i].events & EPOLLRDHUP)) {
                closed++;
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, 0);
                close(fd);
                open--;
            }
        }
    }
    close(ep);
    return 0;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    show("bind", bind(lfd, (void *)&a, sizeof a));
    socklen_t al = sizeof a;
    getsockname(lfd, (void *)&a, &al);
    show("listen", listen(lfd, N));
    pthread_t t;
    pthread_create(&t, 0, server, 0);
    int c[N], ep = epoll_create1(0), inprogress = 0;
    for (int i = 0; i < N; i++) {
        c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (connect(c[i], (void *)&a, sizeof a) < 0 && errno == EINPROGRESS)
            inprogress++;
        struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, c[i], &ev);
    }
    printf("connects in progress or done: %d\n", inprogress > 0 ? N : 0);
    int writable = 0;
    struct epoll_event out[N];
    while (writable < N) {
        int n = epoll_wait(ep, out, N, 10000);
        if (n <= 0)
            break;
        for (int i = 0; i < n; i++) {
            int k = out[i].data.u32, err = 0;
            socklen_t el = sizeof err;
            getsockopt(c[k], SOL_SOCKET, SO_ERROR, &err, &el);
            if (err)
                printf("client %d: error %d\n", k, err);
            epoll_ctl(ep, EPOLL_CTL_DEL, c[k], 0);
            writable++;
        }
    }
    printf("connected %d\n", writable);
    int good = 0;
    for (int i = 0; i < N; i++) {
        char req[32], rep[32] = {0};
        int len = snprintf(req, sizeof req, "request %d", i);
        write(c[i], req, len);
        struct pollfd pf = {c[i], POLLIN, 0};
        poll(&pf, 1, 10000);
        if (read(c[i], rep, sizeof rep) == len && !memcmp(req, rep, len))
            good++;
    }
    printf("echoes right %d\n", good);
    for (int i = 0; i < N; i++)
        close(c[i]);
    pthread_join(t, 0);
    printf("served %d closed %d\n", served, closed);
    return 0;
}
