/* SO_RCVBUF bounds the TCP receive window and SO_SNDBUF the send queue:
 * a receiver that never reads takes in between r and 2.5r bytes (Linux's
 * window comes out between the value set and twice it), and a
 * non-blocking sender stops after between (r+s) and 3(r+s); then the
 * receiver reads it all, the window reopening as it goes, until EOF.
 * Printed as ranges: the exact numbers are not the same on any two
 * kernels. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static char buf[65536];

static void one(int r, int s, int set_snd)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int one = 1, lis = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lis, SOL_SOCKET, SO_RCVBUF, &r, sizeof(r)); /* the accepted socket inherits it */
    if (bind(lis, (struct sockaddr *)&a, sizeof(a)) || listen(lis, 1) ||
        getsockname(lis, (struct sockaddr *)&a, &len)) {
        printf("listener: %s\n", strerror(errno));
        exit(1);
    }
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (set_snd)
        setsockopt(c, SOL_SOCKET, SO_SNDBUF, &s, sizeof(s));
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)); /* no Nagle wait */
    if (connect(c, (struct sockaddr *)&a, sizeof(a))) {
        printf("connect: %s\n", strerror(errno));
        exit(1);
    }
    int srv = accept(lis, 0, 0);
    int got = 0;
    len = sizeof(got);
    getsockopt(srv, SOL_SOCKET, SO_RCVBUF, &got, &len);
    printf("SO_RCVBUF %d: accepted socket reports %d\n", r, got);
    fcntl(c, F_SETFL, O_NONBLOCK);

    /* fill: write until the sender stays full for a while */
    long sent = 0;
    for (int quiet = 0; quiet < 5;) {
        ssize_t n = write(c, buf, 1024);
        if (n > 0) {
            sent += n;
            quiet = 0;
        } else if (errno == EAGAIN) {
            quiet++;
            usleep(50000);
        } else {
            printf("write: %s\n", strerror(errno));
            exit(1);
        }
    }
    int queued = 0;
    ioctl(srv, FIONREAD, &queued);
    printf("  receiver holds %s r\n", queued >= r && queued <= r * 5 / 2 ? "between 1 and 2.5 x" : "outside 1 to 2.5 x");
    if (set_snd)
        printf("  sender stopped after %s (r+s)\n",
               sent >= r + s && sent <= 3L * (r + s) ? "between 1 and 3 x" : "outside 1 to 3 x");
    else
        printf("  sender stopped after more than 2 x r: %s\n", sent > 2L * r ? "yes" : "no");

    /* drain: everything sent arrives once the receiver reads */
    close(c);
    long total = 0;
    ssize_t n;
    while ((n = read(srv, buf, sizeof(buf))) > 0)
        total += n;
    printf("  read to EOF: %s\n", n == 0 && total == sent ? "all of it" : "bytes missing");
    close(srv);
    close(lis);
}

int main(void)
{
    alarm(60); /* a window that never reopens would hang the drain */
    one(8192, 8192, 1);
    one(32768, 16384, 1);
    one(131072, 65536, 1);
    one(16384, 0, 0);
    return 0;
}
