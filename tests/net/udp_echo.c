/* udp_echo: bind UDP PORT, echo N datagrams back to their senders, print
 * their sizes.  Prints "listening" first.  Reached through -p .../udp. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET}, from;
    static char buf[65536];
    int fd, n;

    if (argc != 3) {
        fprintf(stderr, "usage: udp_echo PORT N\n");
        return 2;
    }
    a.sin_port = htons(atoi(argv[1]));
    n = atoi(argv[2]);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
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
