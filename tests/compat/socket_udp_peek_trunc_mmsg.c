/* socket_udp_peek_trunc_mmsg: UDP over 127.0.0.1 and ::1: sendto/recvfrom
 * with the sender's address, MSG_PEEK, MSG_TRUNC (flag and return value),
 * FIONREAD, connect() filtering, EDESTADDRREQ, EMSGSIZE, MSG_DONTWAIT
 * EAGAIN, sendmmsg/recvmmsg; over IPv4, a connected socket sending to a
 * closed port gets ECONNREFUSED (from the ICMP port unreachable). */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static socklen_t loop_addr(int family, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (void *)ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof *a;
    }
    struct sockaddr_in6 *a = (void *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    return sizeof *a;
}

static void run(int family)
{
    struct sockaddr_storage sa, sb, from;
    printf("-- %s\n", family == AF_INET ? "inet" : "inet6");
    socklen_t len = loop_addr(family, &sa), l;
    loop_addr(family, &sb);
    int a = socket(family, SOCK_DGRAM, 0), b = socket(family, SOCK_DGRAM, 0);
    show("bind a", bind(a, (void *)&sa, len));
    show("bind b", bind(b, (void *)&sb, len));
    l = len;
    getsockname(a, (void *)&sa, &l);
    l = len;
    getsockname(b, (void *)&sb, &l);
    char buf[2000];
    show("recv empty dontwait", recv(a, buf, sizeof buf, MSG_DONTWAIT));
    show("send no dest", send(b, "x", 1, 0));
    show("sendto 100", sendto(b, "hello world", 11, 0, (void *)&sa, len));
    show("sendto 2", sendto(b, "second", 6, 0, (void *)&sa, len));
    int avail = -1;
    show("FIONREAD", ioctl(a, FIONREAD, &avail));
    printf("avail %d\n", avail);
    l = sizeof from;
    memset(buf, 0, sizeof buf);
    show("peek", recvfrom(a, buf, sizeof buf, MSG_PEEK, (void *)&from, &l));
    printf("peeked '%s' fromlen %u from b %d\n", buf, l, !memcmp(&from, &sb, l));
    show("trunc read 5", recv(a, buf, 5, 0));
    struct iovec iov = {buf, 3};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    show("recvmsg MSG_TRUNC 3", recvmsg(a, &mh, MSG_TRUNC));
    printf("msg_flags trunc %d\n", !!(mh.msg_flags & MSG_TRUNC));
    show("recv empty again", recv(a, buf, sizeof buf, MSG_DONTWAIT));
    static char big[70000];
    show("sendto 70000", sendto(b, big, sizeof big, 0, (void *)&sa, len));
    show("connect b->a", connect(b, (void *)&sa, len));
    show("send connected", send(b, "conn", 4, 0));
    show("recv", recv(a, buf, sizeof buf, 0));
    /* a connected socket only hears its peer */
    int c = socket(family, SOCK_DGRAM, 0);
    show("connect a->b", connect(a, (void *)&sb, len));
    show("c sendto a", sendto(c, "stranger", 8, 0, (void *)&sa, len));
    show("b send a", send(b, "friend", 6, 0));
    memset(buf, 0, sizeof buf);
    show("recv friend", recv(a, buf, sizeof buf, 0));
    printf("got '%s'\n", buf);
    struct sockaddr_storage peer;
    l = sizeof peer;
    show("getpeername", getpeername(a, (void *)&peer, &l));
    printf("peer is b %d\n", !memcmp(&peer, &sb, l));
    /* mmsg */
    struct mmsghdr out[3], in[3];
    struct iovec oi[3], ii[3];
    char ib[3][16];
    const char *words[] = {"one", "two", "three"};
    memset(out, 0, sizeof out);
    memset(in, 0, sizeof in);
    for (int i = 0; i < 3; i++) {
        oi[i].iov_base = (void *)words[i];
        oi[i].iov_len = strlen(words[i]);
        out[i].msg_hdr.msg_iov = &oi[i];
        out[i].msg_hdr.msg_iovlen = 1;
        ii[i].iov_base = ib[i];
        ii[i].iov_len = sizeof ib[i];
        in[i].msg_hdr.msg_iov = &ii[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    show("sendmmsg", sendmmsg(b, out, 3, 0));
    int k = show("recvmmsg", recvmmsg(a, in, 3, 0, 0));
    for (int i = 0; i < k; i++)
        printf("msg %d len %u '%.*s'\n", i, in[i].msg_len, (int)in[i].msg_len, ib[i]);
    close(a);
    close(b);
    close(c);
    if (family == AF_INET) {
        /* a port nobody has: bind one, close it */
        int z = socket(family, SOCK_DGRAM, 0), y = socket(family, SOCK_DGRAM, 0);
        struct sockaddr_storage sz;
        loop_addr(family, &sz);
        bind(z, (void *)&sz, len);
        l = len;
        getsockname(z, (void *)&sz, &l);
        close(z);
        show("connect to closed port", connect(y, (void *)&sz, len));
        show("send", send(y, "anyone?", 7, 0));
        struct pollfd pf = {y, POLLIN, 0};
        int n = poll(&pf, 1, 2000);
        printf("poll %d err %d\n", n, !!(pf.revents & POLLERR));
        show("recv", recv(y, buf, sizeof buf, 0));
        show("recv again", recv(y, buf, sizeof buf, MSG_DONTWAIT));
        close(y);
    }
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    run(AF_INET);
    run(AF_INET6);
    return 0;
}
