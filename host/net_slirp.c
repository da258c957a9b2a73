/* host/net_slirp.c: user-mode networking for kiln's monitor with libslirp: NAT out, -p forwards in.
 *
 * The guest sees slirp's usual network (host/net.h): itself at 10.0.2.15,
 * the host and gateway at 10.0.2.2, DNS at 10.0.2.3; in IPv6 fec0::15/64,
 * fec0::2 and fec0::3 (QEMU's defaults; connections to fec0::2 reach the
 * host's ::1, as 10.0.2.2 reaches 127.0.0.1).  slirp is not
 * thread-safe: every call into it is made with the NIC lock held, from
 * the vCPU thread (frames the guest sends) or from this file's thread,
 * which polls slirp's sockets and runs its timers.  The thread sleeps in
 * poll(); an eventfd wakes it when the guest's frames may have opened new
 * sockets, and at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <slirp/libslirp.h>
#include "host/msg.h"
#include "host/net_backend.h"

struct slirp_timer {
    struct slirp_timer *next;
    SlirpTimerCb cb;
    void *opaque;
    int64_t expire_ms; /* -1: not armed */
};

struct net_slirp {
    struct net_backend b;
    struct net_guest g;
    Slirp *slirp;
    pthread_t thread;
    int wake; /* eventfd */
    int stopping;
    struct slirp_timer *timers;
    struct pollfd *pfd;
    int npfd, maxpfd;
};

static int64_t slirp_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static ssize_t slirp_cb_send(const void *buf, size_t len, void *opaque)
{
    struct net_slirp *s = opaque;

    s->g.rx(s->g.opaque, buf, len);
    return len;
}

static void slirp_cb_guest_error(const char *msg, void *opaque)
{
    msg_verb("slirp: guest error: %s", msg);
}

static int64_t slirp_cb_clock(void *opaque)
{
    return slirp_now_ns();
}

static void *slirp_cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct net_slirp *s = opaque;
    struct slirp_timer *t = calloc(1, sizeof(*t));

    if (!t)
        return NULL;
    t->cb = cb;
    t->opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void slirp_cb_timer_free(void *timer, void *opaque)
{
    struct net_slirp *s = opaque;

    for (struct slirp_timer **p = &s->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = ((struct slirp_timer *)timer)->next;
            free(timer);
            return;
        }
    }
}

static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    ((struct slirp_timer *)timer)->expire_ms = expire_ms;
}

static void slirp_cb_register_fd(int fd, void *opaque)
{
}

static void slirp_cb_unregister_fd(int fd, void *opaque)
{
}

static void slirp_cb_notify(void *opaque)
{
    struct net_slirp *s = opaque;
    uint64_t one = 1;

    if (write(s->wake, &one, sizeof(one)) < 0) {
        /* the counter is already non-zero: the thread wakes anyway */
    }
}

static int slirp_add_poll(int fd, int events, void *opaque)
{
    struct net_slirp *s = opaque;
    short ev = 0;

    if (s->npfd == s->maxpfd) {
        int n = s->maxpfd ? 2 * s->maxpfd : 32;
        struct pollfd *p = realloc(s->pfd, n * sizeof(*p));
        if (!p)
            return -1;
        s->pfd = p;
        s->maxpfd = n;
    }
    if (events & SLIRP_POLL_IN)
        ev |= POLLIN;
    if (events & SLIRP_POLL_OUT)
        ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI)
        ev |= POLLPRI;
    s->pfd[s->npfd] = (struct pollfd){.fd = fd, .events = ev};
    return s->npfd++;
}

static int slirp_get_revents(int idx, void *opaque)
{
    struct net_slirp *s = opaque;
    short r;
    int ev = 0;

    if (idx < 0 || idx >= s->npfd)
        return 0;
    r = s->pfd[idx].revents;
    if (r & POLLIN)
        ev |= SLIRP_POLL_IN;
    if (r & POLLOUT)
        ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI)
        ev |= SLIRP_POLL_PRI;
    if (r & POLLERR)
        ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP)
        ev |= SLIRP_POLL_HUP;
    return ev;
}

/* Run the timers that are due; returns ms until the next one, or -1. */
static int64_t slirp_timers_run(struct net_slirp *s)
{
    int64_t now = slirp_now_ns() / 1000000, next = -1;
    int fired;

    do {
        fired = 0;
        for (struct slirp_timer *t = s->timers; t; t = t->next) {
            if (t->expire_ms >= 0 && t->expire_ms <= now) {
                t->expire_ms = -1;
                t->cb(t->opaque); /* may free or add timers: rescan */
                fired = 1;
                break;
            }
        }
    } while (fired);
    for (struct slirp_timer *t = s->timers; t; t = t->next)
        if (t->expire_ms >= 0 && (next < 0 || t->expire_ms - now < next))
            next = t->expire_ms - now;
    return next;
}

static void *slirp_thread(void *arg)
{
    struct net_slirp *s = arg;

    for (;;) {
        uint32_t timeout = 1000;
        int64_t tnext;
        int n;

        pthread_mutex_lock(s->g.lock);
        if (s->stopping) {
            pthread_mutex_unlock(s->g.lock);
            return NULL;
        }
        s->npfd = 0;
        slirp_add_poll(s->wake, SLIRP_POLL_IN, s);
        slirp_pollfds_fill(s->slirp, &timeout, slirp_add_poll, s);
        tnext = slirp_timers_run(s);
        if (tnext >= 0 && tnext < timeout)
            timeout = tnext;
        pthread_mutex_unlock(s->g.lock);

        n = poll(s->pfd, s->npfd, timeout);
        if (n > 0 && (s->pfd[0].revents & POLLIN)) {
            uint64_t v;
            if (read(s->wake, &v, sizeof(v)) < 0) {
                /* EAGAIN: someone else drained it */
            }
        }
        pthread_mutex_lock(s->g.lock);
        if (!s->stopping)
            slirp_pollfds_poll(s->slirp, n < 0, slirp_get_revents, s);
        pthread_mutex_unlock(s->g.lock);
    }
}

static void slirp_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    struct net_slirp *s = (struct net_slirp *)b;

    slirp_input(s->slirp, frame, (int)len);
}

static void slirp_flush(struct net_backend *b)
{
    slirp_cb_notify(b); /* new connections may have new sockets to poll */
}

static void slirp_stop(struct net_backend *b)
{
    struct net_slirp *s = (struct net_slirp *)b;

    pthread_mutex_lock(s->g.lock);
    s->stopping = 1;
    pthread_mutex_unlock(s->g.lock);
    slirp_cb_notify(s);
    pthread_join(s->thread, NULL);
    slirp_cleanup(s->slirp);
    while (s->timers) {
        struct slirp_timer *t = s->timers;
        s->timers = t->next;
        free(t);
    }
    close(s->wake);
    free(s->pfd);
    free(s);
}

/* Listen on p's host address and port for the guest's address of the same
 * family.  Returns 0, or -1 when the host socket could not be set up. */
static int slirp_forward_add(Slirp *slirp, const struct net_port *p)
{
    struct sockaddr_in6 h = {.sin6_family = AF_INET6, .sin6_port = htons(p->host_port)};
    struct sockaddr_in6 g = {.sin6_family = AF_INET6, .sin6_port = htons(p->guest_port)};

    if (!p->v6) {
        struct in_addr host, guest;
        inet_pton(AF_INET, p->host_addr, &host);
        inet_pton(AF_INET, NET_GUEST_IP, &guest);
        return slirp_add_hostfwd(slirp, p->udp, host, p->host_port, guest, p->guest_port);
    }
    inet_pton(AF_INET6, p->host_addr, &h.sin6_addr);
    inet_pton(AF_INET6, NET_GUEST_IP6, &g.sin6_addr);
    return slirp_add_hostxfwd(slirp, (struct sockaddr *)&h, sizeof(h), (struct sockaddr *)&g,
                              sizeof(g), (p->udp ? SLIRP_HOSTFWD_UDP : 0) | SLIRP_HOSTFWD_V6ONLY);
}

/* As slirp_forward_add, with a listen backlog a burst of clients fits in:
 * slirp listens with a backlog of 1, so a third client connecting at once
 * found the queue full and waited for its SYN retransmission (1 s).  slirp
 * does not say which socket is the new listener: it is the one of this
 * process listening on the port.  Linux lets a listening socket's backlog
 * be raised by listening again. */
static int slirp_forward(Slirp *slirp, const struct net_port *p)
{
    DIR *d;
    struct dirent *e;

    if (slirp_forward_add(slirp, p))
        return -1;
    if (p->udp || !(d = opendir("/proc/self/fd")))
        return 0;
    while ((e = readdir(d))) {
        struct sockaddr_in6 a;
        socklen_t alen = sizeof(a);
        int fd = atoi(e->d_name), on = 0;
        socklen_t len = sizeof(on);
        if (fd > 2 && fd != dirfd(d) && !getsockname(fd, (struct sockaddr *)&a, &alen) &&
            (a.sin6_family == AF_INET || a.sin6_family == AF_INET6) &&
            ntohs(a.sin6_port) == p->host_port && /* same offset in sockaddr_in */
            !getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) && on)
            listen(fd, SOMAXCONN);
    }
    closedir(d);
    return 0;
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_cb_send,
    .guest_error = slirp_cb_guest_error,
    .clock_get_ns = slirp_cb_clock,
    .timer_new = slirp_cb_timer_new,
    .timer_free = slirp_cb_timer_free,
    .timer_mod = slirp_cb_timer_mod,
    .register_poll_fd = slirp_cb_register_fd,
    .unregister_poll_fd = slirp_cb_unregister_fd,
    .notify = slirp_cb_notify,
};

struct net_backend *net_slirp_start(const struct net_opts *n, const struct net_guest *g)
{
    struct net_slirp *s = calloc(1, sizeof(*s));
    SlirpConfig cfg = {.version = 1, .in_enabled = true, .if_mtu = 1500, .if_mru = 1500};
    int err;

    if (!s) {
        msg_err("slirp: %s", strerror(ENOMEM));
        return NULL;
    }
    s->g = *g;
    s->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->wake < 0) {
        msg_err("eventfd: %s", strerror(errno));
        goto err_free;
    }
    inet_pton(AF_INET, NET_NETWORK, &cfg.vnetwork);
    cfg.vnetmask.s_addr = htonl(~0u << (32 - NET_GUEST_PREFIX));
    inet_pton(AF_INET, NET_HOST_IP, &cfg.vhost);
    inet_pton(AF_INET, NET_GUEST_IP, &cfg.vdhcp_start);
    inet_pton(AF_INET, NET_DNS_IP, &cfg.vnameserver);
    cfg.in6_enabled = true;
    inet_pton(AF_INET6, NET_PREFIX6, &cfg.vprefix_addr6);
    cfg.vprefix_len = NET_PREFIX6_LEN;
    inet_pton(AF_INET6, NET_HOST_IP6, &cfg.vhost6);
    inet_pton(AF_INET6, NET_DNS_IP6, &cfg.vnameserver6);
    s->slirp = slirp_new(&cfg, &slirp_callbacks, s);
    if (!s->slirp) {
        msg_err("slirp: could not start user-mode networking");
        goto err_close;
    }
    for (unsigned i = 0; i < n->nports; i++) {
        const struct net_port *p = &n->ports[i];
        if (slirp_forward(s->slirp, p)) {
            msg_err("-p %s%s%s:%u:%u%s: cannot listen on the host (port in use?)", p->v6 ? "[" : "",
                    p->host_addr, p->v6 ? "]" : "", p->host_port, p->guest_port,
                    p->udp ? "/udp" : "");
            goto err_slirp;
        }
    }
    s->b = (struct net_backend){.send = slirp_send, .flush = slirp_flush, .stop = slirp_stop};
    err = pthread_create(&s->thread, NULL, slirp_thread, s);
    if (err) {
        msg_err("slirp thread: %s", strerror(err));
        goto err_slirp;
    }
    return &s->b;

err_slirp:
    slirp_cleanup(s->slirp);
err_close:
    close(s->wake);
err_free:
    free(s);
    return NULL;
}
