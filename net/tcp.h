/* net/tcp.h: the TCP socket, shared by net/tcp.c and its options. */
#ifndef KILN_NET_TCP_H
#define KILN_NET_TCP_H

#include "lib/list.h"
#include "net/socket.h"

/* A bit of lwIP's pcb->so_options lwIP leaves alone: the pcb belongs to an
 * AF_INET6 socket, so that /proc/net/tcp6 still lists it after the program
 * closed it (TIME_WAIT, FIN_WAIT_2) even with IPv4 addresses. */
#define SOF_KILN_INET6 0x80u

enum tcp_sock_state { TS_NEW, TS_LISTEN, TS_CONNECTING, TS_CONNECTED, TS_CLOSED };

struct tcp_sock {
    struct sock s;
    struct tcp_pcb *pcb;       /* NULL once lwIP let go of it */
    enum tcp_sock_state state;
    int bound, v6only, nodelay;
    int nb_pending;            /* a non-blocking connect() not yet confirmed */
    struct pbuf *rx;           /* received, not yet read */
    size_t rx_len;
    int fin;                   /* the peer will send no more */
    /* listening: established connections waiting for accept() */
    struct list acceptq;
    int nacc, backlog;
    /* a queued connection: its place in the listener's acceptq */
    struct list acc_link;
    struct tcp_sock *listener;
    int keepidle, keepintvl, keepcnt, maxseg, cork, quickack, user_timeout;
    uint32_t rcv_held; /* receive window held back from lwIP's: SO_RCVBUF */
};

/* net/tcp_opt.c: IPPROTO_TCP options, and IP/IPv6 ones through inet_opt.c. */
int tcp_sock_setopt(struct sock *s, int level, int name, const void *val, int len);
int tcp_sock_getopt(struct sock *s, int level, int name, void *val, int *len);
/* Create the lwIP pcb of a new socket now (it is made lazily): 0 or -errno. */
int tcp_sock_pcb(struct tcp_sock *ts);

#endif
