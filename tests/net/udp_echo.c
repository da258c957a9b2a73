/* udp_echo: bind UDP PORT, echo N datagrams back to their senders, print
 * their sizes.  Prints "listening" first.  Reached through -p .../udp.
 * With a third argument "v6": on [::]. */
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
    struct sockaddr_storage from;
    static char buf[65536];
    int fd, n, v6 = argc == 4 && !strcmp(argv[3], "v6");

    if (argc != 3 && !v6) {
        fprintf(stderr, "usage: udp_echo PORT N [v6]\n");
        return 2;
    }
    a.sin_port = a6.sin6_port = htons(atoi(argv[1]));
    n = atoi(argv[2]);
    fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || (v6 ? bind(fd, (struct sockaddr *)&a6, sizeof(a6))
                      : bind(fd, (struct sockaddr *)&a, sizeof(a)))) {
        perror("bind");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    for (int i = 0; i < n; i++) {
        socklen_t fl = sizeof(from);
        ssize_t k = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
        if (k < 0 || sendto(fd, buf, k, 0, (struct sockaddr *)&from, fl) != k) {
            perror("udp");
            return 1;
        }
        printf("datagram %d: %zd bytes\n", i, k);
        fflush(stdout);
    }
    return 0;
}
