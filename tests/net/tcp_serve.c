/* tcp_serve: listen on PORT, serve NCONN connections one after another:
 * read to EOF, answer with the byte count and checksum, close.  Prints
 * "listening" when clients may come, then one line per connection.  The
 * host reaches it natively on 127.0.0.1:PORT, and in kiln through -p.
 * With a third argument "v6": on [::] (::1, -p [::1]:...). */
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
    static char buf[65536];
    int one = 1, ls, nconn, v6 = argc == 4 && !strcmp(argv[3], "v6");

    if (argc != 3 && !v6) {
        fprintf(stderr, "usage: tcp_serve PORT NCONN [v6]\n");
        return 2;
    }
    a.sin_port = a6.sin6_port = htons(atoi(argv[1]));
    nconn = atoi(argv[2]);
    ls = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        (v6 ? bind(ls, (struct sockaddr *)&a6, sizeof(a6))
            : bind(ls, (struct sockaddr *)&a, sizeof(a))) ||
        listen(ls, 8)) {
        perror("listen");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    for (int c = 0; c < nconn; c++) {
        unsigned long long total = 0, sum = 1469598103934665603ull;
        ssize_t n;
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) {
            perror("accept");
            return 1;
        }
        while ((n = read(fd, buf, sizeof(buf))) > 0) {
            for (ssize_t i = 0; i < n; i++)
                sum = (sum ^ (unsigned char)buf[i]) * 1099511628211ull;
            total += n;
        }
        dprintf(fd, "%llu %016llx\n", total, sum);
        close(fd);
        printf("connection %d: %llu bytes, fnv1a %016llx\n", c, total, sum);
        fflush(stdout);
    }
    close(ls);
    return 0;
}
