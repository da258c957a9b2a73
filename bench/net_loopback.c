/* bench/net_loopback: loopback networking costs inside one process (a
 * server thread and a client): TCP connect+send+recv+close, a 1 KiB echo
 * round trip on one connection, and a UDP send+recv pair.
 *
 *   net_loopback [N]      prints "tcp_conn_us X", "tcp_echo1k_us X",
 *                         "udp_rr_us X" (microseconds per operation)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr;
static int lfd, n;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void *server(void *arg)
{
    char buf[1024];
    for (;;) {
        int c = accept(lfd, 0, 0);
        if (c < 0)
            return 0;
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ssize_t k;
        while ((k = read(c, buf, sizeof buf)) > 0)
            if (write(c, buf, k) != k)
                break;
        close(c);
    }
}

static void *udp_echo(void *arg)
{
    int u = *(int *)arg;
    char buf[1024];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    for (;;) {
        ssize_t k = recvfrom(u, buf, sizeof buf, 0, (void *)&from, &fl);
        if (k <= 0)
            return 0;
        sendto(u, buf, k, 0, (void *)&from, fl);
    }
}

static int readn(int fd, char *b, int len)
{
    int got = 0;
    while (got < len) {
        ssize_t k = read(fd, b + got, len - got);
        if (k <= 0)
            return -1;
        got += k;
    }
    return got;
}

int main(int argc, char **argv)
{
    n = argc > 1 ? atoi(argv[1]) : 1000;
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bind(lfd, (void *)&addr, sizeof addr);
    listen(lfd, 128);
    socklen_t al = sizeof addr;
    getsockname(lfd, (void *)&addr, &al);
    pthread_t t;
    pthread_create(&t, 0, server, 0);
    char buf[1024];
    memset(buf, 'x', sizeof buf);

    double t0 = now_us();
    for (int i = 0; i < n; i++) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (void *)&addr, sizeof addr) || write(c, buf, 64) != 64 ||
            readn(c, buf, 64) != 64) {
            perror("tcp_conn");
            return 1;
        }
        close(c);
    }
    double t1 = now_us();
    printf("tcp_conn_us %.1f\n", (t1 - t0) / n);

    int c = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connect(c, (void *)&addr, sizeof addr);
    t0 = now_us();
    for (int i = 0; i < n; i++) {
        if (write(c, buf, 1024) != 1024 || readn(c, buf, 1024) != 1024) {
            perror("tcp_echo");
            return 1;
        }
    }
    t1 = now_us();
    printf("tcp_echo1k_us %.1f\n", (t1 - t0) / n);
    close(c);

    int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = addr;
    ua.sin_port = 0;
    bind(u, (void *)&ua, sizeof ua);
    al = sizeof ua;
    getsockname(u, (void *)&ua, &al);
    pthread_t ut;
    pthread_create(&ut, 0, udp_echo, &u);
    t0 = now_us();
    for (int i = 0; i < n; i++) {
        if (sendto(v, buf, 256, 0, (void *)&ua, sizeof ua) != 256 ||
            recv(v, buf, sizeof buf, 0) != 256) {
            perror("udp");
            return 1;
        }
    }
    t1 = now_us();
    printf("udp_rr_us %.1f\n", (t1 - t0) / n);
    return 0;
}
