/* host/net_tap.c: kiln's monitor NIC on an existing tap interface (--net tap:NAME).
 *
 * The interface must exist and be usable by the caller (created with `ip
 * tuntap add NAME mode tap`, in a network namespace or by root).  Frames
 * are written with one write() each; a thread reads the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "host/msg.h"
#include "host/net_backend.h"

struct net_tap {
    struct net_backend b;
    struct net_guest g;
    pthread_t thread;
    int fd, wake;
    uint8_t buf[65536];
};

static void *tap_thread(void *arg)
{
    struct net_tap *t = arg;
    struct pollfd p[2] = {{.fd = t->fd, .events = POLLIN}, {.fd = t->wake, .events = POLLIN}};

    for (;;) {
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return NULL;
        if (p[1].revents)
            return NULL;
        if (!(p[0].revents & POLLIN))
            continue;
        for (int i = 0; i < 64; i++) { /* a batch, then look at wake again */
            ssize_t n = read(t->fd, t->buf, sizeof(t->buf));
            if (n <= 0)
                break;
            pthread_mutex_lock(t->g.lock);
            t->g.rx(t->g.opaque, t->buf, n);
            pthread_mutex_unlock(t->g.lock);
        }
    }
}

static void tap_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    struct net_tap *t = (struct net_tap *)b;

    if (write(t->fd, frame, len) < 0) {
        /* dropped, as a full link would */
    }
}

static void tap_stop(struct net_backend *b)
{
    struct net_tap *t = (struct net_tap *)b;
    uint64_t one = 1;

    if (write(t->wake, &one, sizeof(one)) < 0) {
        /* cannot fail on a fresh eventfd */
    }
    pthread_join(t->thread, NULL);
    close(t->fd);
    close(t->wake);
    free(t);
}

struct net_backend *net_tap_start(const struct net_opts *n, const struct net_guest *g)
{
    struct net_tap *t = calloc(1, sizeof(*t));
    struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
    int err;

    if (!t) {
        msg_err("tap: %s", strerror(ENOMEM));
        return NULL;
    }
    t->g = *g;
    t->wake = -1;
    t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (t->fd < 0) {
        msg_err("/dev/net/tun: %s", strerror(errno));
        goto err_free;
    }
    strncpy(ifr.ifr_name, n->tap, IFNAMSIZ - 1);
    if (ioctl(t->fd, TUNSETIFF, &ifr)) {
        msg_err("tap %s: %s%s", n->tap, strerror(errno),
                errno == EPERM ? " (needs root, or a tap owned by you)" : "");
        goto err_close;
    }
    t->wake = eventfd(0, EFD_CLOEXEC);
    if (t->wake < 0) {
        msg_err("eventfd: %s", strerror(errno));
        goto err_close;
    }
    t->b = (struct net_backend){.send = tap_send, .stop = tap_stop};
    err = pthread_create(&t->thread, NULL, tap_thread, t);
    if (err) {
        msg_err("tap thread: %s", strerror(err));
        goto err_close;
    }
    return &t->b;

err_close:
    if (t->wake >= 0)
        close(t->wake);
    close(t->fd);
err_free:
    free(t);
    return NULL;
}
