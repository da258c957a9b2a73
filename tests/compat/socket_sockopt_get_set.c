/* socket_sockopt_get_set: setsockopt/getsockopt as Linux answers them:
 * SO_TYPE/DOMAIN/PROTOCOL/ACCEPTCONN, flags read back (REUSEADDR,
 * REUSEPORT, KEEPALIVE, BROADCAST), SO_RCVBUF/SO_SNDBUF doubled, SO_LINGER,
 * SO_RCVTIMEO/SO_SNDTIMEO (and EDOM), TCP_NODELAY, TCP_KEEPIDLE/INTVL/CNT
 * (and EINVAL), IP_TOS, IP_TTL, IPV6_V6ONLY, TCP_INFO state, short optlen
 * EINVAL, unknown options ENOPROTOOPT, TCP options on UDP and on AF_UNIX. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

static void geti(int fd, int level, int name, const char *label)
{
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(fd, level, name, &v, &l) < 0)
        printf("get %s = -1 errno %d\n", label, errno);
    else
        printf("get %s = %d (len %u)\n", label, v, l);
}

static void seti(int fd, int level, int name, int v, const char *label)
{
    if (setsockopt(fd, level, name, &v, sizeof v) < 0)
        printf("set %s %d = -1 errno %d\n", label, v, errno);
    else
        printf("set %s %d = 0\n", label, v);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    int t6 = socket(AF_INET6, SOCK_STREAM, 0), x = socket(AF_UNIX, SOCK_STREAM, 0);
    geti(t, SOL_SOCKET, SO_TYPE, "tcp SO_TYPE");
    geti(u, SOL_SOCKET, SO_TYPE, "udp SO_TYPE");
    geti(t6, SOL_SOCKET, SO_DOMAIN, "tcp6 SO_DOMAIN");
    geti(x, SOL_SOCKET, SO_DOMAIN, "unix SO_DOMAIN");
    geti(t, SOL_SOCKET, SO_PROTOCOL, "tcp SO_PROTOCOL");
    geti(u, SOL_SOCKET, SO_PROTOCOL, "udp SO_PROTOCOL");
    geti(t, SOL_SOCKET, SO_ACCEPTCONN, "SO_ACCEPTCONN before listen");
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(t, (void *)&a, sizeof a);
    listen(t, 1);
    geti(t, SOL_SOCKET, SO_ACCEPTCONN, "SO_ACCEPTCONN after listen");
    geti(u, SOL_SOCKET, SO_ERROR, "SO_ERROR");
    int flags[] = {SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST};
    const char *names[] = {"SO_REUSEADDR", "SO_REUSEPORT", "SO_KEEPALIVE", "SO_BROADCAST"};
    for (int i = 0; i < 4; i++) {
        geti(u, SOL_SOCKET, flags[i], names[i]);
        seti(u, SOL_SOCKET, flags[i], 5, names[i]);
        geti(u, SOL_SOCKET, flags[i], names[i]);
    }
    seti(u, SOL_SOCKET, SO_RCVBUF, 65536, "SO_RCVBUF");
    geti(u, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
    seti(u, SOL_SOCKET, SO_SNDBUF, 32768, "SO_SNDBUF");
    geti(u, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
    struct linger lg = {1, 7}, lg2;
    socklen_t l = sizeof lg2;
    show("set SO_LINGER", setsockopt(u, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    show("get SO_LINGER", getsockopt(u, SOL_SOCKET, SO_LINGER, &lg2, &l));
    printf("linger %d %d len %u\n", lg2.l_onoff, lg2.l_linger, l);
    struct timeval tv = {2, 500000}, tv2;
    show("set SO_RCVTIMEO", setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    l = sizeof tv2;
    show("get SO_RCVTIMEO", getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv2, &l));
    printf("rcvtimeo %ld.%06ld\n", (long)tv2.tv_sec, (long)tv2.tv_usec);
    tv.tv_usec = 2000000;
    show("set SO_SNDTIMEO bad usec", setsockopt(u, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    show("set SO_SNDTIMEO short", setsockopt(u, SOL_SOCKET, SO_SNDTIMEO, &tv, 4));
    char small = 1;
    show("set SO_REUSEADDR short optlen", setsockopt(u, SOL_SOCKET, SO_REUSEADDR, &small, 1));
    seti(u, SOL_SOCKET, 9999, 1, "unknown SOL_SOCKET option");
    geti(u, SOL_SOCKET, 9999, "unknown SOL_SOCKET option");
    int c = socket(AF_INET, SOCK_STREAM, 0);
    geti(c, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
    seti(c, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    geti(c, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
    seti(c, IPPROTO_TCP, TCP_KEEPIDLE, 30, "TCP_KEEPIDLE");
    geti(c, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE");
    seti(c, IPPROTO_TCP, TCP_KEEPIDLE, 0, "TCP_KEEPIDLE");
    seti(c, IPPROTO_TCP, TCP_KEEPINTVL, 5, "TCP_KEEPINTVL");
    geti(c, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL");
    seti(c, IPPROTO_TCP, TCP_KEEPCNT, 3, "TCP_KEEPCNT");
    geti(c, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT");
    seti(c, IPPROTO_TCP, TCP_KEEPCNT, 1000, "TCP_KEEPCNT");
    seti(c, IPPROTO_TCP, 9999, 1, "unknown TCP option");
    seti(c, IPPROTO_IP, IP_TOS, 0x10, "IP_TOS");
    geti(c, IPPROTO_IP, IP_TOS, "IP_TOS");
    seti(c, IPPROTO_IP, IP_TTL, 33, "IP_TTL");
    geti(c, IPPROTO_IP, IP_TTL, "IP_TTL");
    seti(c, IPPROTO_IP, IP_TTL, 300, "IP_TTL");
    geti(t6, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY");
    seti(t6, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY");
    geti(t6, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY");
    seti(c, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY on inet");
    seti(u, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY on udp");
    seti(x, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY on unix");
    socklen_t al = sizeof a;
    getsockname(t, (void *)&a, &al);
    connect(c, (void *)&a, sizeof a);
    struct tcp_info ti;
    l = sizeof ti;
    show("TCP_INFO", getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &l));
    printf("tcpi_state %d\n", ti.tcpi_state);
    l = sizeof ti;
    getsockopt(t, IPPROTO_TCP, TCP_INFO, &ti, &l);
    printf("listener tcpi_state %d\n", ti.tcpi_state);
    int v = 0;
    l = 0;
    show("getsockopt len 0", getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &l));
    printf("len %u\n", l);
    l = -1;
    show("getsockopt len -1", getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &l));
    return 0;
}
