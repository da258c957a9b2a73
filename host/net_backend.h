/* host/net_backend.h: where kiln's monitor NIC sends and gets frames: libslirp or a tap device.
 *
 * A back end runs its own thread (poll on its descriptors).  Frames from
 * the guest come through send() on the vCPU thread; frames for the guest
 * go to guest->rx() from the back end's thread.  Both happen with
 * *guest->lock held (a recursive mutex: slirp answers some frames, ARP for
 * one, from inside send()).
 */
#ifndef KILN_HOST_NET_BACKEND_H
#define KILN_HOST_NET_BACKEND_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "host/net.h"

struct net_guest {
    /* A frame for the guest (copied before return). */
    void (*rx)(void *opaque, const uint8_t *frame, size_t len);
    void *opaque;
    pthread_mutex_t *lock;
};

struct net_backend {
    /* One Ethernet frame from the guest.  Lock held. */
    void (*send)(struct net_backend *b, const uint8_t *frame, size_t len);
    /* The guest sent a batch (slirp may have new sockets to poll).  Lock held. */
    void (*flush)(struct net_backend *b);
    /* Stop the thread and free everything.  Lock not held. */
    void (*stop)(struct net_backend *b);
};

/* Start user-mode networking (libslirp) with n's -p forwards on the host.
 * Returns the back end, or NULL after printing why. */
struct net_backend *net_slirp_start(const struct net_opts *n, const struct net_guest *g);

/* Attach to the existing tap interface n->tap.  Returns the back end, or
 * NULL after printing why. */
struct net_backend *net_tap_start(const struct net_opts *n, const struct net_guest *g);

#endif
