/* apps/http: a small keep-alive HTTP/1.1 server, the networking demo and
 * the server of bench/net_http (wrk): one thread, poll(), every request
 * answered with the same 128-byte body.  `http [PORT]` (default 80) prints
 * "listening" when ready.  Try it: `make run-http`, then from another
 * terminal `curl localhost:8080`. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXC 1024

static const char reply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 128\r\n\r\n"
    "kiln apps/http: hello from the guest. ..........................."
    "...............................................................\n";

static struct pollfd pfd[MAXC];
static char buf[MAXC][2048];
static int used[MAXC];

/* Answer every complete request in connection i's buffer. */
static int serve(int i)
{
    char *end;

    while ((end = memmem(buf[i], used[i], "\r\n\r\n", 4))) {
        int n = end + 4 - buf[i];
        if (write(pfd[i].fd, reply, sizeof(reply) - 1) != sizeof(reply) - 1)
            return -1;
        memmove(buf[i], buf[i] + n, used[i] - n);
        used[i] -= n;
    }
    return used[i] == sizeof(buf[i]) ? -1 : 0;
}

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    int one = 1, n = 1;

    a.sin_port = htons(argc > 1 ? atoi(argv[1]) : 80);
    pfd[0].fd = socket(AF_INET, SOCK_STREAM, 0);
    if (pfd[0].fd < 0 || setsockopt(pfd[0].fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(pfd[0].fd, (struct sockaddr *)&a, sizeof(a)) || listen(pfd[0].fd, 128)) {
        perror("listen");
        return 1;
    }
    pfd[0].events = POLLIN;
    printf("listening\n");
    fflush(stdout);
    for (;;) {
        if (poll(pfd, n, -1) < 0) {
            perror("poll");
            return 1;
        }
        if ((pfd[0].revents & POLLIN) && n < MAXC) {
            int fd = accept(pfd[0].fd, NULL, NULL);
            if (fd >= 0) {
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
                pfd[n] = (struct pollfd){.fd = fd, .events = POLLIN};
                used[n++] = 0;
            }
        }
        for (int i = 1; i < n; i++) {
            ssize_t k;
            if (!pfd[i].revents)
                continue;
            k = read(pfd[i].fd, buf[i] + used[i], sizeof(buf[i]) - used[i]);
            if (k > 0) {
                used[i] += k;
                if (serve(i) == 0)
                    continue;
            } else if (k < 0) {
                continue; /* spurious wakeup */
            }
            close(pfd[i].fd); /* EOF or error: the last slot takes its place */
            n--;
            pfd[i] = pfd[n];
            memcpy(buf[i], buf[n], used[n]);
            used[i] = used[n];
            i--;
        }
    }
}
