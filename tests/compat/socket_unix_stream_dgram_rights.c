/* socket_unix_stream_dgram_rights: AF_UNIX in the kernel: socketpair
 * (stream, dgram, seqpacket), a filesystem-named listener (the socket file
 * appears with S_IFSOCK; EADDRINUSE while it exists), an abstract name,
 * accept and getsockname/getpeername, SO_PEERCRED, SCM_RIGHTS passing a
 * pipe end, message boundaries, MSG_PEEK, shutdown giving EOF and EPIPE,
 * ECONNREFUSED/ENOENT for missing names, EOF after the peer closes. */
#include "common.h"
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *p)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, p);
    return offsetof(struct sockaddr_un, sun_path) + strlen(p) + 1;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    char buf[256];
    int sv[2];
    show("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    show("write", write(sv[0], "abc", 3));
    show("write", write(sv[0], "def", 3));
    show("peek", recv(sv[1], buf, sizeof buf, MSG_PEEK));
    memset(buf, 0, sizeof buf);
    show("read all (stream merges)", read(sv[1], buf, sizeof buf));
    printf("got '%s'\n", buf);
    show("shutdown wr", shutdown(sv[0], SHUT_WR));
    show("read after peer shut wr", read(sv[1], buf, sizeof buf));
    show("write after shut wr", write(sv[0], "x", 1));
    show("reverse direction still works", write(sv[1], "back", 4));
    show("read reverse", read(sv[0], buf, sizeof buf));
    close(sv[1]);
    show("write to closed peer", write(sv[0], "x", 1));
    close(sv[0]);

    show("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    send(sv[0], "one", 3, 0);
    send(sv[0], "three", 5, 0);
    show("recv 1 (boundaries)", recv(sv[1], buf, sizeof buf, 0));
    show("recv 2 short buffer", recv(sv[1], buf, 2, 0));
    show("recv dontwait empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    close(sv[0]);
    close(sv[1]);
    show("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
    send(sv[0], "alpha", 5, 0);
    send(sv[0], "be", 2, 0);
    show("seqpacket recv 1", recv(sv[1], buf, sizeof buf, 0));
    show("seqpacket recv 2", recv(sv[1], buf, sizeof buf, 0));
    close(sv[0]);
    show("seqpacket eof", recv(sv[1], buf, sizeof buf, 0));
    close(sv[1]);
    show("socketpair inet", socketpair(AF_INET, SOCK_STREAM, 0, sv));

    /* a named listener */
    unlink("kiln-test.sock");
    struct sockaddr_un a, b;
    socklen_t al = path_addr(&a, "kiln-test.sock"), bl;
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect before bind", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&a, al));
    show("bind", bind(l, (void *)&a, al));
    struct stat st;
    show("stat", stat("kiln-test.sock", &st));
    printf("is socket %d\n", S_ISSOCK(st.st_mode));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind again", bind(l2, (void *)&a, al));
    show("connect not listening", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&a, al));
    show("listen", listen(l, 5));
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect", connect(c, (void *)&a, al));
    bl = sizeof b;
    int s = accept(l, (void *)&b, &bl);
    printf("accept ok %d peer addrlen %u\n", s >= 0, bl);
    bl = sizeof b;
    getsockname(s, (void *)&b, &bl);
    printf("server side name '%s' len %u\n", b.sun_path, bl);
    bl = sizeof b;
    getpeername(c, (void *)&b, &bl);
    printf("client peer name '%s' len %u\n", b.sun_path, bl);
    struct ucred cr;
    socklen_t cl = sizeof cr;
    show("SO_PEERCRED", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &cl));
    printf("peer pid is me %d uid %d gid %d\n", cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());

    /* SCM_RIGHTS: pass a pipe's read end */
    int p[2];
    pipe(p);
    write(p[1], "through the pipe", 16);
    union {
        struct cmsghdr h;
        char b[CMSG_SPACE(sizeof(int))];
    } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = {"F", 1};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    struct cmsghdr *ch = CMSG_FIRSTHDR(&mh);
    ch->cmsg_level = SOL_SOCKET;
    ch->cmsg_type = SCM_RIGHTS;
    ch->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(ch), &p[0], sizeof(int));
    show("sendmsg rights", sendmsg(c, &mh, 0));
    close(p[0]);
    char one;
    struct iovec riov = {&one, 1};
    union {
        struct cmsghdr h;
        char b[CMSG_SPACE(sizeof(int)) + 16];
    } ru;
    struct msghdr rm = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = ru.b, .msg_controllen = sizeof ru.b};
    show("recvmsg rights", recvmsg(s, &rm, 0));
    struct cmsghdr *rh = CMSG_FIRSTHDR(&rm);
    printf("cmsg %d level %d type %d len %zu ctrunc %d\n", rh != 0, rh ? rh->cmsg_level : -1,
           rh ? rh->cmsg_type : -1, rh ? (size_t)rh->cmsg_len : 0, !!(rm.msg_flags & MSG_CTRUNC));
    if (rh) {
        int fd;
        memcpy(&fd, CMSG_DATA(rh), sizeof fd);
        memset(buf, 0, sizeof buf);
        show("read passed fd", read(fd, buf, sizeof buf));
        printf("'%s'\n", buf);
        close(fd);
    }
    ch->cmsg_len = CMSG_LEN(sizeof(int));
    int bad = 9999;
    memcpy(CMSG_DATA(ch), &bad, sizeof(int));
    show("sendmsg bad fd", sendmsg(c, &mh, 0));
    close(c);
    show("read after client closed", read(s, buf, sizeof buf));
    close(s);
    close(l);
    show("connect after listener closed", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&a, al));
    show("unlink", unlink("kiln-test.sock"));
    show("connect no such path", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&a, al));

    /* abstract names and datagrams between named sockets */
    struct sockaddr_un x = {.sun_family = AF_UNIX}, y = {.sun_family = AF_UNIX};
    memcpy(x.sun_path, "\0kiln-x", 7);
    memcpy(y.sun_path, "\0kiln-y", 7);
    socklen_t xl = offsetof(struct sockaddr_un, sun_path) + 7;
    int dx = socket(AF_UNIX, SOCK_DGRAM, 0), dy = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind abstract x", bind(dx, (void *)&x, xl));
    show("bind abstract y", bind(dy, (void *)&y, xl));
    show("bind abstract in use", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (void *)&x, xl));
    show("sendto y", sendto(dx, "hi y", 4, 0, (void *)&y, xl));
    struct sockaddr_un from;
    memset(&from, 0, sizeof from);
    socklen_t fl = sizeof from;
    memset(buf, 0, sizeof buf);
    show("recvfrom", recvfrom(dy, buf, sizeof buf, 0, (void *)&from, &fl));
    printf("'%s' from len %u name '%s'\n", buf, fl, from.sun_path + 1);
    show("send unconnected dgram", send(dx, "x", 1, 0));
    show("connect x->y", connect(dx, (void *)&y, xl));
    show("send connected", send(dx, "ok", 2, 0));
    show("recv", recv(dy, buf, sizeof buf, 0));
    close(dy);
    show("send to closed peer", send(dx, "x", 1, 0));
    return 0;
}
