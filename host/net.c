/* host/net.c: parsing --net and -p, and the kernel command line words for the NIC. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "host/msg.h"
#include "host/net.h"

/* ADDR/PREFIX of family af (PREFIX at most max) in w, a slash at slash. */
static int net_addr_prefix(int af, char *w, char *slash, int max)
{
    struct in6_addr a;
    int ok;

    *slash = 0;
    ok = inet_pton(af, w, &a) == 1 && slash[1] &&
         strspn(slash + 1, "0123456789") == strlen(slash + 1) && atoi(slash + 1) <= max;
    *slash = '/';
    return ok;
}

/* tap:NAME[,ip=ADDR/PREFIX][,gw=ADDR][,ip6=ADDR/PREFIX][,gw6=ADDR] */
static int net_parse_tap(struct net_opts *n, const char *arg)
{
    char *s = strdup(arg + 4), *save, *w;
    struct in6_addr a;

    if (!s)
        return -ENOMEM;
    n->mode = NET_TAP;
    n->tap = strtok_r(s, ",", &save);
    if (!n->tap || strlen(n->tap) >= 16)
        goto bad;
    while ((w = strtok_r(NULL, ",", &save))) {
        char *slash = strchr(w, '/');
        if (!strncmp(w, "ip=", 3) && slash && net_addr_prefix(AF_INET, w + 3, slash, 32)) {
            n->ip = w + 3;
        } else if (!strncmp(w, "gw=", 3) && inet_pton(AF_INET, w + 3, &a) == 1) {
            n->gw = w + 3;
        } else if (!strncmp(w, "ip6=", 4) && slash &&
                   net_addr_prefix(AF_INET6, w + 4, slash, 128)) {
            n->ip6 = w + 4;
        } else if (!strncmp(w, "gw6=", 4) && inet_pton(AF_INET6, w + 4, &a) == 1) {
            n->gw6 = w + 4;
        } else {
            goto bad;
        }
    }
    return 0;
bad:
    msg_err("--net %s: expected tap:NAME[,ip=ADDR/PREFIX][,gw=ADDR][,ip6=ADDR/PREFIX][,gw6=ADDR]",
            arg);
    return -EINVAL;
}

int net_parse_mode(struct net_opts *n, const char *arg)
{
    n->given = 1;
    if (!strcmp(arg, "none")) {
        n->mode = NET_NONE;
    } else if (!strcmp(arg, "user") || !strcmp(arg, "slirp")) {
        n->mode = NET_USER;
        n->dhcp = 0;
    } else if (!strcmp(arg, "user,dhcp") || !strcmp(arg, "slirp,dhcp")) {
        n->mode = NET_USER;
        n->dhcp = 1;
    } else if (!strncmp(arg, "tap:", 4)) {
        return net_parse_tap(n, arg);
    } else {
        msg_err("--net %s: expected none, user, user,dhcp or tap:NAME", arg);
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
    const char *start = arg, *slash, *end;
    const char *c2 = NULL, *c1 = NULL, *s;
    struct in6_addr a;
    struct net_port *np;

    if (arg[0] == '[') { /* [IPV6]:HOSTPORT:GUESTPORT */
        const char *rb = strchr(arg, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - arg - 1) >= sizeof(p.host_addr))
            goto bad;
        memcpy(p.host_addr, arg + 1, rb - arg - 1);
        p.host_addr[rb - arg - 1] = 0;
        if (inet_pton(AF_INET6, p.host_addr, &a) != 1)
            goto bad;
        p.v6 = 1;
        start = rb + 2;
    }
    slash = strchr(start, '/');
    end = slash ? slash : start + strlen(start);
    for (s = start; s < end; s++)
        if (*s == ':')
            c1 = c2, c2 = s;
    if (slash && !strcmp(slash, "/udp"))
        p.udp = 1;
    else if (slash && strcmp(slash, "/tcp"))
        goto bad;
    if (!c2 || (c1 && p.v6))
        goto bad;
    if (c1) { /* HOSTADDR:HOSTPORT:GUESTPORT */
        if ((size_t)(c1 - arg) >= sizeof(p.host_addr))
            goto bad;
        memcpy(p.host_addr, arg, c1 - arg);
        p.host_addr[c1 - arg] = 0;
        if (inet_pton(AF_INET, p.host_addr, &a) != 1)
            goto bad;
    }
    if (net_port_num(c1 ? c1 + 1 : start, c2, &p.host_port) ||
        net_port_num(c2 + 1, end, &p.guest_port))
        goto bad;
    np = realloc(n->ports, (n->nports + 1) * sizeof(*np));
    if (!np)
        return -ENOMEM;
    n->ports = np;
    np[n->nports++] = p;
    return 0;
bad:
    msg_err("-p %s: expected [HOSTADDR:]HOSTPORT:GUESTPORT[/udp] (HOSTADDR: IPv4, or IPv6 in "
            "brackets)",
            arg);
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

int net_cmdline(struct cmdline *c, const struct net_opts *n, int mmio)
{
    int err = 0;

    if (n->mode == NET_NONE)
        return 0;
    if (mmio)
        err = cmdline_addf(c, "virtio_mmio.device=%u@0x%llx:%u", NET_MMIO_SIZE,
                           (unsigned long long)NET_MMIO_BASE, NET_MMIO_GSI);
    if (n->mode == NET_TAP && !err) { /* DHCP from the tap's network unless ip= */
        if (n->ip)
            err = cmdline_addf(c, "kiln.ip=%s", n->ip);
        if (n->gw && !err)
            err = cmdline_addf(c, "kiln.gw=%s", n->gw);
        if (n->ip6 && !err) /* used at once, as `ip addr add ... nodad` */
            err = cmdline_addf(c, "kiln.ip6=%s", n->ip6);
        if (n->gw6 && !err)
            err = cmdline_addf(c, "kiln.gw6=%s", n->gw6);
        return err;
    }
    /* slirp's IPv6 network: a static address, usable at once (net/net.c) */
    err = err ?: cmdline_addf(c, "kiln.ip6=%s/%d", NET_GUEST_IP6, NET_PREFIX6_LEN);
    err = err ?: cmdline_addf(c, "kiln.gw6=%s", NET_HOST_IP6);
    if (err || n->dhcp) /* user,dhcp: the guest asks slirp */
        return err;
    err = cmdline_addf(c, "kiln.ip=%s/%d", NET_GUEST_IP, NET_GUEST_PREFIX);
    err = err ?: cmdline_addf(c, "kiln.gw=%s", NET_HOST_IP);
    return err ?: cmdline_addf(c, "kiln.dns=%s", NET_DNS_IP);
}
