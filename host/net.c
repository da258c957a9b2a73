/* host/net.c: parsing --net and -p, and the kernel command line words for the NIC. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "host/msg.h"
#include "host/net.h"

int net_parse_mode(struct net_opts *n, const char *arg)
{
    if (!strcmp(arg, "none")) {
        n->mode = NET_NONE;
    } else if (!strcmp(arg, "user") || !strcmp(arg, "slirp")) {
        n->mode = NET_USER;
    } else if (!strncmp(arg, "tap:", 4) && arg[4] && strlen(arg + 4) < 16) {
        n->mode = NET_TAP;
        n->tap = arg + 4;
    } else {
        msg_err("--net %s: expected none, user or tap:NAME", arg);
        return -EINVAL;
    }
    return 0;
}

static int net_port_num(const char *s, const char *end, uint16_t *port)
{
    unsigned long v = 0;

    if (s == end || end - s > 5)
        return -EINVAL;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        v = v * 10 + (*s - '0');
    }
    if (!v || v > 65535)
        return -EINVAL;
    *port = v;
    return 0;
}

int net_parse_port(struct net_opts *n, const char *arg)
{
    struct net_port p = {.host_addr = "127.0.0.1"};
    const char *slash = strchr(arg, '/'), *end = slash ? slash : arg + strlen(arg);
    const char *c2 = NULL, *c1 = NULL, *s;
    struct in_addr a;
    struct net_port *np;

    for (s = arg; s < end; s++)
        if (*s == ':')
            c1 = c2, c2 = s;
    if (slash && !strcmp(slash, "/udp"))
        p.udp = 1;
    else if (slash && strcmp(slash, "/tcp"))
        goto bad;
    if (!c2)
        goto bad;
    if (c1) { /* HOSTADDR:HOSTPORT:GUESTPORT */
        if ((size_t)(c1 - arg) >= sizeof(p.host_addr))
            goto bad;
        memcpy(p.host_addr, arg, c1 - arg);
        p.host_addr[c1 - arg] = 0;
        if (inet_pton(AF_INET, p.host_addr, &a) != 1)
            goto bad;
    }
    if (net_port_num(c1 ? c1 + 1 : arg, c2, &p.host_port) ||
        net_port_num(c2 + 1, end, &p.guest_port))
        goto bad;
    np = realloc(n->ports, (n->nports + 1) * sizeof(*np));
    if (!np)
        return -ENOMEM;
    n->ports = np;
    np[n->nports++] = p;
    return 0;
bad:
    msg_err("-p %s: expected [HOSTADDR:]HOSTPORT:GUESTPORT[/udp]", arg);
    return -EINVAL;
}

int net_check(const struct net_opts *n)
{
    if (n->nports && n->mode != NET_USER) {
        msg_err("-p needs user networking (--net user, the default)");
        return -EINVAL;
    }
    return 0;
}

int net_cmdline(struct cmdline *c, const struct net_opts *n)
{
    int err;

    if (n->mode == NET_NONE)
        return 0;
    err = cmdline_addf(c, "virtio_mmio.device=%u@0x%llx:%u", NET_MMIO_SIZE,
                       (unsigned long long)NET_MMIO_BASE, NET_MMIO_GSI);
    if (n->mode != NET_USER || err)
        return err; /* tap: DHCP from whatever serves the tap's network */
    err = cmdline_addf(c, "kiln.ip=%s/%d", NET_GUEST_IP, NET_GUEST_PREFIX);
    err = err ?: cmdline_addf(c, "kiln.gw=%s", NET_HOST_IP);
    return err ?: cmdline_addf(c, "kiln.dns=%s", NET_DNS_IP);
}
