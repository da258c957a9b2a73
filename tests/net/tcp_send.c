/* tcp_send: connect to ADDR:PORT, send NBYTES of a pattern, close, exit at
 * once.  The host's sink must see every byte: data the guest's stack and
 * kiln's NIC still hold when the program exits must not be lost. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    static unsigned char buf[65536];
    long long left;
    int fd;

    if (argc != 4) {
        fprintf(stderr, "usage: tcp_send ADDR PORT NBYTES\n");
        return 2;
    }
    a.sin_port = htons(atoi(argv[2]));
    left = atoll(argv[3]);
    if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1)
        return 2;
    for (int i = 0; i < (int)sizeof(buf); i++)
        buf[i] = i % 251;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        perror("connect");
        return 1;
    }
    for (long long off = 0; left > 0;) {
        /* the pattern continues across writes: start where the last ended */
        int start = off % 251, n = left < 60000 ? (int)left : 60000;
        ssize_t k = write(fd, buf + start, n);
        if (k <= 0) {
            perror("write");
            return 1;
        }
        off += k;
        left -= k;
    }
    printf("sent %s bytes\n", argv[3]);
    return close(fd) ? 1 : 0;
}
