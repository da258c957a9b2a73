/* socket_tcp_loopback_echo: a TCP echo server thread and a client in one
 * process over 127.0.0.1 and ::1: bind/listen/accept/connect, 256 KiB with a
 * checksum both ways, getsockname/getpeername agree, half-close with
 * shutdown(SHUT_WR) gives the server EOF, then 50 short connections. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>

#define BIG (256 << 10)
static int lfd;
static int nconn;

static void *server(void *arg)
{
    char buf[65536];
    for (int i = 0; i < nconn; i++) {
        int c = accept(lfd, 0, 0);
        if (c < 0) {
            printf("accept failed errno %d\n", errno);
            return 0;
        }
        ssize_t n;
        while ((n = read(c, buf, sizeof buf)) > 0) {
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(c, buf + off, n - off);
                if (w <= 0)
                    break;
                off += w;
            }
        }
        close(c);
    }
    return 0;
}

struct feed {
    int fd;
    unsigned sum;
};

static void *feeder(void *arg)
{
    struct feed *f = arg;
    static char buf[BIG];
    for (int i = 0; i < BIG; i++)
        buf[i] = (char)(i * 7 + i / 251);
    for (int i = 0; i < BIG; i++)
        f->sum += (unsigned char)buf[i];
    size_t off = 0;
    while (off < BIG) {
        ssize_t w = write(f->fd, buf + off, BIG - off > 10000 ? 10000 : BIG - off);
        if (w <= 0)
            break;
        off += w;
    }
    printf("sent %zu\n", off);
    shutdown(f->fd, SHUT_WR);
    return 0;
}

static void run(int family)
{
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (void *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (void *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    }
    printf("-- family %s\n", family == AF_INET ? "inet" : "inet6");
    lfd = socket(family, SOCK_STREAM, 0);
    int one = 1;
    show("setsockopt reuseaddr", setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    show("bind", bind(lfd, (void *)&ss, len));
    show("listen", listen(lfd, 16));
    socklen_t l2 = sizeof ss;
    show("getsockname", getsockname(lfd, (void *)&ss, &l2));
    printf("addrlen %u family ok %d port nonzero %d\n", l2, ss.ss_family == family,
           family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port != 0
                             : ((struct sockaddr_in6 *)&ss)->sin6_port != 0);
    nconn = 51;
    pthread_t t;
    pthread_create(&t, 0, server, 0);

    int c = socket(family, SOCK_STREAM, 0);
    show("connect", connect(c, (void *)&ss, len));
    struct sockaddr_storage me, peer;
    socklen_t ml = sizeof me, pl = sizeof peer;
    getsockname(c, (void *)&me, &ml);
    getpeername(c, (void *)&peer, &pl);
    printf("peer is server %d\n", pl == l2 && !memcmp(&peer, &ss, pl));
    int type;
    socklen_t tl = sizeof type;
    getsockopt(c, SOL_SOCKET, SO_TYPE, &type, &tl);
    printf("type %d\n", type);
    struct feed f = {c, 0};
    pthread_t ft;
    pthread_create(&ft, 0, feeder, &f);
    static char in[65536];
    size_t total = 0;
    unsigned sum = 0;
    ssize_t n;
    while ((n = read(c, in, sizeof in)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            sum += (unsigned char)in[i];
        total += n;
    }
    pthread_join(ft, 0);
    printf("echoed %zu checksum match %d eof %zd\n", total, sum == f.sum, n);
    close(c);
    int fails = 0;
    for (int i = 0; i < 50; i++) {
        int k = socket(family, SOCK_STREAM, 0);
        char b[8] = "ping", r[8] = {0};
        if (connect(k, (void *)&ss, len) || write(k, b, 4) != 4)
            fails++;
        shutdown(k, SHUT_WR);
        if (read(k, r, sizeof r) != 4 || memcmp(r, "ping", 4))
            fails++;
        close(k);
    }
    printf("50 short connections, failures %d\n", fails);
    pthread_join(t, 0);
    close(lfd);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    run(AF_INET);
    run(AF_INET6);
    return 0;
}
