/* net/socket.h: the Linux socket layer inside net/: sockets are files
 * whose private data is a struct sock; each protocol (TCP, UDP, raw ICMP on
 * lwIP; AF_UNIX in the kernel) implements struct sock_ops.
 *
 * syscall/sys_socket.c copies arguments in: socket addresses arrive as
 * kernel copies, data stays in user memory and moves through struct msg.
 * Every function returns -errno on failure.  Blocking calls sleep on
 * sock->wait and return -ERESTARTSYS on a signal (-EINTR when a timeout is
 * set, as Linux's sock_intr_errno does).
 */
#ifndef KILN_NET_SOCKET_H
#define KILN_NET_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/waitq.h"

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define SOL_SOCKET 1

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
#define SOCK_RCV_SHUT 1 /* sock->shut bits */
#define SOCK_SND_SHUT 2

#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */

struct kiovec {
    void *base; /* user pointer */
    size_t len;
};

/* A message being sent or received: user iovecs walked by a cursor,
 * a kernel copy of the address, and the control data. */
struct msg {
    struct kiovec *iov;
    int iovlen;
    int cur;              /* iovec the cursor is in */
    size_t off;           /* offset in it */
    size_t len;           /* total bytes of all iovecs */
    uint8_t *name;        /* kernel buffer of SOCKADDR_MAX, or NULL */
    int namelen;          /* send: given length; recv: length produced */
    void *control;        /* send: kernel copy; recv: user pointer */
    size_t controllen;    /* send: bytes given; recv: room, then bytes written */
    int flags;            /* recv: MSG_TRUNC/MSG_CTRUNC/MSG_EOR results */
};

/* Copy the next n bytes of the message's user memory into/out of kbuf and
 * move the cursor: 0, or -EFAULT. */
int msg_copy_in(struct msg *m, void *kbuf, size_t n);
int msg_copy_out(struct msg *m, const void *kbuf, size_t n);
size_t msg_left(const struct msg *m);   /* bytes after the cursor */
void msg_rewind(struct msg *m, size_t n); /* move the cursor back n bytes */

struct sock;
struct sock_ops {
    int (*bind)(struct sock *s, const void *addr, int len);
    int (*connect)(struct sock *s, const void *addr, int len, int nonblock);
    int (*listen)(struct sock *s, int backlog);
    /* A connection as a new sock (no file yet). */
    int (*accept)(struct sock *s, struct sock **out, int nonblock);
    long (*sendmsg)(struct sock *s, struct msg *m, int flags);
    long (*recvmsg)(struct sock *s, struct msg *m, int flags);
    int (*shutdown)(struct sock *s, int how);
    /* Write the address (peer: the other end) to addr; its length. */
    int (*getname)(struct sock *s, void *addr, int peer);
    unsigned (*poll)(struct sock *s);
    /* Options below SOL_SOCKET (IPPROTO_TCP...); optional.  get: *len is
     * the room in val on entry, the length produced on return. */
    int (*setopt)(struct sock *s, int level, int name, const void *val, int len);
    int (*getopt)(struct sock *s, int level, int name, void *val, int *len);
    long (*ioctl)(struct sock *s, unsigned cmd, uint64_t arg);
    /* Some SOL_SOCKET options change the protocol (keepalive, buffers). */
    void (*sync_opts)(struct sock *s);
    void (*release)(struct sock *s);   /* the last file reference is gone */
};

#define SOCKOPT_REUSEADDR 1
#define SOCKOPT_REUSEPORT 2
#define SOCKOPT_KEEPALIVE 4
#define SOCKOPT_BROADCAST 8
#define SOCKOPT_OOBINLINE 16
#define SOCKOPT_DONTROUTE 32
#define SOCKOPT_PASSCRED 64
#define SOCKOPT_TIMESTAMP 128
/* SO_SNDBUF / SO_RCVBUF were set: the program's size holds, as with
 * Linux's SOCK_SNDBUF_LOCK / SOCK_RCVBUF_LOCK (TCP: no autotuning) */
#define SOCKOPT_SNDBUF_LOCK 256
#define SOCKOPT_RCVBUF_LOCK 512

struct sock {
    const struct sock_ops *ops;
    struct file *file;         /* the socket's file (not referenced); NULL before accept */
    int family, type, protocol;
    int err;                   /* pending error for SO_ERROR (positive errno) */
    int shut;                  /* SOCK_RCV_SHUT | SOCK_SND_SHUT */
    int listening;
    unsigned opts;             /* SOCKOPT_* */
    int sndbuf, rcvbuf, rcvlowat, priority;
    int linger_on, linger_secs;
    uint64_t rcvtimeo, sndtimeo; /* ns, 0: none */
    struct waitq wait;
    unsigned events;           /* bumped by sock_wake */
};

/* net/socket.c */
extern const struct file_ops sock_fops;
/* Fill the common part of a new sock. */
void sock_init(struct sock *s, const struct sock_ops *ops, int family, int type, int protocol);
/* A file for s (flags: O_NONBLOCK); the file owns s from then on. */
int sock_file(struct sock *s, int flags, struct file **out);
int sock_create(int family, int type, int protocol, struct sock **out);
struct sock *sock_of(struct file *f);  /* NULL if f is not a socket */
/* Readiness changed: wake sleepers and poll/epoll. */
void sock_wake(struct sock *s);
/* Sleep until woken; deadline in monotonic ns (0 none): 0, -EAGAIN on
 * timeout, -ERESTARTSYS/-EINTR on a signal.  Runs net_flush() first. */
int sock_wait(struct sock *s, uint64_t deadline);
uint64_t sock_deadline(uint64_t timeo); /* now + timeo, or 0 */
/* A send that failed with EPIPE raises SIGPIPE unless MSG_NOSIGNAL. */
long sock_epipe(int flags);

/* net/sockopt.c: setsockopt/getsockopt dispatch (SOL_SOCKET here). */
int sock_setsockopt(struct sock *s, int level, int name, const void *val, int len);
int sock_getsockopt(struct sock *s, int level, int name, void *val, int *len);
/* Helpers for protocols: an int option value (-EINVAL if too short). */
int sockopt_int(const void *val, int len, int *out);
int sockopt_put_int(void *val, int *len, int v);

/* Protocol constructors: net/tcp.c, net/udp.c, net/raw.c, net/unix.c */
int tcp_sock_create(int family, struct sock **out);
int udp_sock_create(int family, struct sock **out);
int raw_sock_create(int family, int type, int protocol, struct sock **out);
int unix_sock_create(int type, struct sock **out);
int unix_socketpair(int type, struct sock **a, struct sock **b);
/* net/netlink.c: NETLINK_ROUTE, read-only (-EPROTONOSUPPORT for others) */
int netlink_sock_create(int type, int protocol, struct sock **out);

/* net/ifreq.c: SIOCGIF* on any socket; -ENOTTY for other commands */
long netif_ioctl(unsigned cmd, uint64_t arg);

#endif
