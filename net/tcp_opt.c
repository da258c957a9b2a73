/* net/tcp_opt.c: IPPROTO_TCP, IPPROTO_IP and IPPROTO_IPV6 options of TCP
 * sockets (TCP_NODELAY, TCP_KEEP*, TCP_INFO, IP_TOS, IPV6_V6ONLY...). */
#include "include/linux/errno.h"
#include "lib/string.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "net/inet_opt.h"
#include "net/socket.h"
#include "net/tcp.h"

#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define TCP_INFO 11
#define TCP_QUICKACK 12
#define TCP_CONGESTION 13
#define TCP_USER_TIMEOUT 18


/* Linux's struct tcp_info, first fields (104 bytes in 2.6.x, more later). */
struct lx_tcp_info {
    uint8_t state, ca_state, retransmits, probes, backoff, options, wscale, flags;
    uint32_t rto, ato, snd_mss, rcv_mss;
    uint32_t unacked, sacked, lost, retrans, fackets;
    uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
    uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd, advmss, reordering;
    uint32_t rcv_rtt, rcv_space, total_retrans;
};

/* lwIP's states and Linux's TCP_* state numbers */
static uint8_t linux_state(struct tcp_sock *ts)
{
    static const uint8_t map[] = {
        [CLOSED] = 7,     [LISTEN] = 10,    [SYN_SENT] = 2,  [SYN_RCVD] = 3,
        [ESTABLISHED] = 1, [FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5, [CLOSE_WAIT] = 8,
        [CLOSING] = 11,   [LAST_ACK] = 9,   [TIME_WAIT] = 6,
    };
    if (!ts->pcb)
        return 7;
    return map[ts->pcb->state];
}

int tcp_sock_setopt(struct sock *s, int level, int name, const void *val, int len)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    int v, err;
    if (level != IPPROTO_TCP) {
        /* IP options go on the pcb: make it now (IPV6_V6ONLY decides its type) */
        if (ts->state == TS_NEW && !(level == IPPROTO_IPV6 && name == 26) &&
            (err = tcp_sock_pcb(ts)))
            return err;
        return inet_setopt(s, level, name, val, len, ts->pcb, &ts->v6only, ts->bound || ts->pcb);
    }
    if (name == TCP_CONGESTION)
        return len > 0 ? 0 : -EINVAL;
    if ((err = sockopt_int(val, len, &v)))
        return err;
    switch (name) {
    case TCP_NODELAY:
        ts->nodelay = !!v;
        if (ts->pcb && ts->state != TS_LISTEN) {
            if (v)
                tcp_nagle_disable(ts->pcb);
            else
                tcp_nagle_enable(ts->pcb);
            tcp_output(ts->pcb);
        }
        return 0;
    case TCP_KEEPIDLE:
    case TCP_KEEPINTVL:
        if (v < 1 || v > 32767)
            return -EINVAL;
        if (name == TCP_KEEPIDLE)
            ts->keepidle = v;
        else
            ts->keepintvl = v;
        if (ts->pcb && ts->state != TS_LISTEN) {
            if (name == TCP_KEEPIDLE)
                ts->pcb->keep_idle = v * 1000;
            else
                ts->pcb->keep_intvl = v * 1000;
        }
        return 0;
    case TCP_KEEPCNT:
        if (v < 1 || v > 127)
            return -EINVAL;
        ts->keepcnt = v;
        if (ts->pcb && ts->state != TS_LISTEN)
            ts->pcb->keep_cnt = v;
        return 0;
    case TCP_MAXSEG:
        if (v && (v < 88 || v > 32767))
            return -EINVAL;
        ts->maxseg = v;
        return 0;
    case TCP_CORK:
        ts->cork = !!v;
        if (!v && ts->pcb && ts->state == TS_CONNECTED)
            tcp_output(ts->pcb);
        return 0;
    case TCP_QUICKACK:
        ts->quickack = !!v;
        return 0;
    case TCP_USER_TIMEOUT:
        if (v < 0)
            return -EINVAL;
        ts->user_timeout = v;
        return 0;
    }
    return -ENOPROTOOPT;
}

int tcp_sock_getopt(struct sock *s, int level, int name, void *val, int *len)
{
    struct tcp_sock *ts = (struct tcp_sock *)s;
    if (level != IPPROTO_TCP)
        return inet_getopt(s, level, name, val, len, ts->pcb, ts->v6only);
    switch (name) {
    case TCP_NODELAY:
        return sockopt_put_int(val, len, ts->nodelay);
    case TCP_KEEPIDLE:
        return sockopt_put_int(val, len, ts->keepidle ? ts->keepidle : 7200);
    case TCP_KEEPINTVL:
        return sockopt_put_int(val, len, ts->keepintvl ? ts->keepintvl : 75);
    case TCP_KEEPCNT:
        return sockopt_put_int(val, len, ts->keepcnt ? ts->keepcnt : 9);
    case TCP_MAXSEG: {
        int mss = ts->maxseg ? ts->maxseg : 536;
        if (ts->pcb && ts->state == TS_CONNECTED)
            mss = tcp_mss(ts->pcb);
        return sockopt_put_int(val, len, mss);
    }
    case TCP_CORK:
        return sockopt_put_int(val, len, ts->cork);
    case TCP_QUICKACK:
        return sockopt_put_int(val, len, !ts->quickack ? 1 : 1);
    case TCP_USER_TIMEOUT:
        return sockopt_put_int(val, len, ts->user_timeout);
    case TCP_CONGESTION: {
        char name[16] = "cubic";
        int n = *len < 16 ? *len : 16;
        if (n < 0)
            return -EINVAL;
        memcpy(val, name, n);
        *len = n;
        return 0;
    }
    case TCP_INFO: {
        struct lx_tcp_info ti;
        memset(&ti, 0, sizeof(ti));
        ti.state = linux_state(ts);
        if (ts->pcb && ts->state == TS_CONNECTED) {
            struct tcp_pcb *p = ts->pcb;
            ti.rto = p->rto * TCP_SLOW_INTERVAL * 1000;
            ti.snd_mss = ti.rcv_mss = ti.advmss = tcp_mss(p);
            ti.snd_cwnd = p->cwnd / (tcp_mss(p) ? tcp_mss(p) : 1);
            ti.snd_ssthresh = p->ssthresh;
            ti.rtt = (p->sa >> 3) * TCP_SLOW_INTERVAL * 1000;
            ti.rttvar = (p->sv >> 2) * TCP_SLOW_INTERVAL * 1000;
            ti.unacked = p->unacked ? 1 : 0;
            ti.pmtu = 65535;
            ti.reordering = 3;
            ti.options = 4; /* TCPI_OPT_WSCALE */
            ti.wscale = (p->snd_scale & 0xf) | ((p->rcv_scale & 0xf) << 4);
        }
        int n = *len < (int)sizeof(ti) ? *len : (int)sizeof(ti);
        if (n < 0)
            return -EINVAL;
        memcpy(val, &ti, n);
        *len = n;
        return 0;
    }
    }
    return -ENOPROTOOPT;
}
