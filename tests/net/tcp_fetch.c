/* tcp_fetch: connect to ADDR:PORT, send a request line, read to EOF, print
 * how much arrived and its checksum.  Run natively against 127.0.0.1 (or
 * ::1) and in kiln against the host through slirp (10.0.2.2, or fec0::2):
 * the outputs must match.  ADDR is IPv4 or IPv6. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
    struct sockaddr *sa = (struct sockaddr *)&a;
    socklen_t salen = sizeof(a);
    static char buf[65536];
    unsigned long long total = 0, sum = 1469598103934665603ull;
    int fd;
    ssize_t n;

    if (argc != 4) {
        fprintf(stderr, "usage: tcp_fetch ADDR PORT REQUEST\n");
        return 2;
    }
    a.sin_port = a6.sin6_port = htons(atoi(argv[2]));
    if (inet_pton(AF_INET6, argv[1], &a6.sin6_addr) == 1) {
        sa = (struct sockaddr *)&a6;
        salen = sizeof(a6);
    } else if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
        return 2;
    }
    fd = socket(sa->sa_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, sa, salen)) {
        perror("connect");
        return 1;
    }
    dprintf(fd, "%s\n", argv[3]);
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++)
            sum = (sum ^ (unsigned char)buf[i]) * 1099511628211ull;
        total += n;
    }
    if (n < 0) {
        perror("read");
        return 1;
    }
    printf("received %llu bytes, fnv1a %016llx\n", total, sum);
    return close(fd) ? 1 : 0;
}
