/* net/sockopt.c: setsockopt/getsockopt: SOL_SOCKET options here, other
 * levels to the protocol.  Values are kernel copies; the syscall layer
 * moves them.  Unknown options: ENOPROTOOPT, as Linux. */
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "net/socket.h"

#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_PRIORITY 12
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_TIMESTAMP 29
#define SO_ACCEPTCONN 30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

#define WMEM_MAX 212992 /* /proc/sys/net/core/wmem_max */
#define RMEM_MAX 212992
#define MIN_SNDBUF 4608
#define MIN_RCVBUF 2304

int sockopt_int(const void *val, int len, int *out)
{
    if (len < (int)sizeof(int))
        return -EINVAL;
    memcpy(out, val, sizeof(int));
    return 0;
}

int sockopt_put_int(void *val, int *len, int v)
{
    if (*len < 0)
        return -EINVAL;
    int n = *len < (int)sizeof(int) ? *len : (int)sizeof(int);
    memcpy(val, &v, n);
    *len = n;
    return 0;
}

static const struct {
    int name;
    unsigned bit;
} flags[] = {
    {SO_REUSEADDR, SOCKOPT_REUSEADDR}, {SO_REUSEPORT, SOCKOPT_REUSEPORT},
    {SO_KEEPALIVE, SOCKOPT_KEEPALIVE}, {SO_BROADCAST, SOCKOPT_BROADCAST},
    {SO_OOBINLINE, SOCKOPT_OOBINLINE}, {SO_DONTROUTE, SOCKOPT_DONTROUTE},
    {SO_PASSCRED, SOCKOPT_PASSCRED},   {SO_TIMESTAMP, SOCKOPT_TIMESTAMP},
};

struct lx_timeval {
    int64_t sec, usec;
};

static int set_timeo(const void *val, int len, uint64_t *out)
{
    struct lx_timeval tv;
    if (len < (int)sizeof(tv))
        return -EINVAL;
    memcpy(&tv, val, sizeof(tv));
    if (tv.usec < 0 || tv.usec >= 1000000)
        return -EDOM;
    if (tv.sec < 0) {
        *out = 0; /* Linux: a negative time means no timeout... after a warning */
        return 0;
    }
    *out = (uint64_t)tv.sec * 1000000000ull + (uint64_t)tv.usec * 1000;
    return 0;
}

static int get_timeo(void *val, int *len, uint64_t ns)
{
    struct lx_timeval tv = {ns / 1000000000ull, (ns % 1000000000ull) / 1000};
    if (*len < 0)
        return -EINVAL;
    int n = *len < (int)sizeof(tv) ? *len : (int)sizeof(tv);
    memcpy(val, &tv, n);
    *len = n;
    return 0;
}

int sock_setsockopt(struct sock *s, int level, int name, const void *val, int len)
{
    int v, err;
    if (level != SOL_SOCKET) {
        if (!s->ops->setopt)
            return s->family == AF_UNIX ? -EOPNOTSUPP : -ENOPROTOOPT;
        return s->ops->setopt(s, level, name, val, len);
    }
    if (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
        return set_timeo(val, len, name == SO_RCVTIMEO ? &s->rcvtimeo : &s->sndtimeo);
    if (name == SO_LINGER) {
        int l[2];
        if (len < (int)sizeof(l))
            return -EINVAL;
        memcpy(l, val, sizeof(l));
        s->linger_on = !!l[0];
        s->linger_secs = l[1] < 0 ? 0 : l[1];
        return 0;
    }
    if ((err = sockopt_int(val, len, &v)))
        return err;
    for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        if (flags[i].name == name) {
            s->opts = v ? s->opts | flags[i].bit : s->opts & ~flags[i].bit;
            if (s->ops->sync_opts)
                s->ops->sync_opts(s);
            return 0;
        }
    }
    switch (name) {
    case SO_SNDBUF:
    case SO_SNDBUFFORCE:
        if (name == SO_SNDBUF && v > WMEM_MAX)
            v = WMEM_MAX;
        /* Linux doubles the value for its bookkeeping */
        s->sndbuf = v * 2 < MIN_SNDBUF ? MIN_SNDBUF : v * 2;
        s->opts |= SOCKOPT_SNDBUF_LOCK;
        if (s->ops->sync_opts)
            s->ops->sync_opts(s);
        return 0;
    case SO_RCVBUF:
    case SO_RCVBUFFORCE:
        if (name == SO_RCVBUF && v > RMEM_MAX)
            v = RMEM_MAX;
        s->rcvbuf = v * 2 < MIN_RCVBUF ? MIN_RCVBUF : v * 2;
        s->opts |= SOCKOPT_RCVBUF_LOCK;
        if (s->ops->sync_opts)
            s->ops->sync_opts(s);
        return 0;
    case SO_RCVLOWAT:
        s->rcvlowat = v < 1 ? 1 : v;
        return 0;
    case SO_PRIORITY:
        if (v < 0 || v > 6)
            return -EPERM; /* above 6 needs CAP_NET_ADMIN... which root has */
        s->priority = (s->priority & ~0xffff) | v;
        return 0;
    case SO_DEBUG:
    case SO_NO_CHECK:
        return 0;
    case SO_TYPE:
    case SO_ERROR:
    case SO_ACCEPTCONN:
    case SO_PROTOCOL:
    case SO_DOMAIN:
    case SO_PEERCRED:
        return -ENOPROTOOPT;
    }
    return -ENOPROTOOPT;
}

int sock_getsockopt(struct sock *s, int level, int name, void *val, int *len)
{
    if (*len < 0)
        return -EINVAL;
    if (level != SOL_SOCKET) {
        if (!s->ops->getopt)
            return s->family == AF_UNIX ? -EOPNOTSUPP : -ENOPROTOOPT;
        return s->ops->getopt(s, level, name, val, len);
    }
    for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (flags[i].name == name)
            return sockopt_put_int(val, len, !!(s->opts & flags[i].bit));
    switch (name) {
    case SO_TYPE:
        return sockopt_put_int(val, len, s->type);
    case SO_DOMAIN:
        return sockopt_put_int(val, len, s->family);
    case SO_PROTOCOL:
        return sockopt_put_int(val, len, s->protocol);
    case SO_ERROR: {
        int e = s->err;
        s->err = 0;
        return sockopt_put_int(val, len, e);
    }
    case SO_ACCEPTCONN:
        return sockopt_put_int(val, len, s->listening);
    case SO_SNDBUF:
        return sockopt_put_int(val, len, s->sndbuf);
    case SO_RCVBUF:
        return sockopt_put_int(val, len, s->rcvbuf);
    case SO_RCVLOWAT:
        return sockopt_put_int(val, len, s->rcvlowat);
    case SO_SNDLOWAT:
        return sockopt_put_int(val, len, 1);
    case SO_PRIORITY:
        return sockopt_put_int(val, len, s->priority & 0xffff);
    case SO_DEBUG:
    case SO_NO_CHECK:
        return sockopt_put_int(val, len, 0);
    case SO_RCVTIMEO:
        return get_timeo(val, len, s->rcvtimeo);
    case SO_SNDTIMEO:
        return get_timeo(val, len, s->sndtimeo);
    case SO_LINGER: {
        int l[2] = {s->linger_on, s->linger_secs};
        int n = *len < (int)sizeof(l) ? *len : (int)sizeof(l);
        memcpy(val, l, n);
        *len = n;
        return 0;
    }
    case SO_PEERCRED:
        if (s->family == AF_UNIX)
            return s->ops->getopt(s, SOL_SOCKET, name, val, len);
        {
            int c[3] = {0, -1, -1};
            int n = *len < (int)sizeof(c) ? *len : (int)sizeof(c);
            memcpy(val, c, n);
            *len = n;
            return 0;
        }
    }
    return -ENOPROTOOPT;
}
