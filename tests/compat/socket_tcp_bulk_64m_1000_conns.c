/* socket_tcp_bulk_64m_1000_conns: kernel-heavy TCP over 127.0.0.1 (run
 * under QEMU TCG by run.sh): 64 MiB through an echo server thread with a
 * checksum of what came back, then 1,000 short connections one after
 * another (connect, 4 bytes each way, close), then SO_REUSEADDR rebinding
 * of the server's port while its connections are closing. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#define TOTAL (64u << 20)
#define CONNS 1000
static int lfd;

static void *server(void *arg)
{
    static char buf[65536];
    for (int i = 0; i < 1 + CONNS; i++) {
        int c = accept(lfd, 0, 0);
        if (c < 0)
            return 0;
        ssize_t n;
        while ((n = read(c, buf, sizeof buf)) > 0)
            for (ssize_t off = 0; off < n;) {
                ssize_t w = write(c, buf + off, n - off);
                if (w <= 0)
                    break;
                off += w;
            }
        close(c);
    }
    return 0;
}

static unsigned sent_sum;
static void *feeder(void *arg)
{
    int fd = *(int *)arg;
    static unsigned char chunk[65536];
    for (unsigned off = 0; off < TOTAL; off += sizeof chunk) {
        for (unsigned i = 0; i < sizeof chunk; i++) {
            chunk[i] = (unsigned char)((off + i) * 2654435761u >> 24);
            sent_sum = sent_sum * 31 + chunk[i];
        }
        for (size_t k = 0; k < sizeof chunk;) {
            ssize_t w = write(fd, chunk + k, sizeof chunk - k);
            if (w <= 0)
                return 0;
            k += w;
        }
    }
    shutdown(fd, SHUT_WR);
    return 0;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    /* the accepted sockets inherit it: then the rebinding below does not
     * depend on whether the last ones have left LAST_ACK yet */
    int on = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    show("bind", bind(lfd, (void *)&a, sizeof a));
    socklen_t al = sizeof a;
    getsockname(lfd, (void *)&a, &al);
    show("listen", listen(lfd, 64));
    pthread_t t, f;
    pthread_create(&t, 0, server, 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    show("connect", connect(c, (void *)&a, sizeof a));
    pthread_create(&f, 0, feeder, &c);
    static unsigned char in[65536];
    unsigned long total = 0;
    unsigned sum = 0;
    ssize_t n;
    while ((n = read(c, in, sizeof in)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + in[i];
        total += n;
    }
    pthread_join(f, 0);
    printf("echoed %lu of %u, checksum match %d\n", total, TOTAL, sum == sent_sum);
    close(c);
    int fails = 0;
    for (int i = 0; i < CONNS; i++) {
        int k = socket(AF_INET, SOCK_STREAM, 0);
        char r[4];
        if (connect(k, (void *)&a, sizeof a) || write(k, "ping", 4) != 4)
            fails++;
        shutdown(k, SHUT_WR);
        if (read(k, r, 4) != 4 || memcmp(r, "ping", 4))
            fails++;
        close(k);
    }
    printf("%d short connections, failures %d\n", CONNS, fails);
    pthread_join(t, 0);
    close(lfd);
    int again = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    show("rebind the port with SO_REUSEADDR", bind(again, (void *)&a, sizeof a));
    show("listen", listen(again, 1));
    return 0;
}
