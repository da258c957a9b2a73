/* udp_ask: send one datagram of each SIZE (a byte pattern) to ADDR:PORT
 * (IPv4 or IPv6) and print each echo's size, whether its bytes are the
 * ones sent; a datagram unanswered for 1 s is sent again (15 tries).  Run
 * natively against a host echo server on ::1 and in kiln against the same
 * server through slirp (fec0::2): the outputs must match. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
    struct sockaddr *sa = (struct sockaddr *)&a;
    socklen_t salen = sizeof(a);
    struct timeval tv = {.tv_sec = 1};
    static unsigned char out[65536], in[65536];
    int fd;

    if (argc < 4) {
        fprintf(stderr, "usage: udp_ask ADDR PORT SIZE...\n");
        return 2;
    }
    a.sin_port = a6.sin6_port = htons(atoi(argv[2]));
    if (inet_pton(AF_INET6, argv[1], &a6.sin6_addr) == 1) {
        sa = (struct sockaddr *)&a6;
        salen = sizeof(a6);
    } else if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
        return 2;
    }
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = i % 251;
    fd = socket(sa->sa_family, SOCK_DGRAM, 0);
    if (fd < 0 || connect(fd, sa, salen) ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
        perror("udp");
        return 1;
    }
    for (int i = 3; i < argc; i++) {
        size_t n = strtoul(argv[i], NULL, 10);
        ssize_t k = -1;
        if (n > sizeof(out))
            return 2;
        for (int t = 0; t < 15 && k < 0; t++) {
            if (send(fd, out, n, 0) != (ssize_t)n) {
                perror("send");
                return 1;
            }
            k = recv(fd, in, sizeof(in), 0);
        }
        if (k < 0) {
            printf("echo %d: lost\n", i - 3);
            return 1;
        }
        printf("echo %d: %zd bytes%s\n", i - 3, k,
               (size_t)k == n && !memcmp(in, out, n) ? "" : " (differs)");
    }
    return 0;
}
