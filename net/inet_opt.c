/* net/inet_opt.c: IPPROTO_IP and IPPROTO_IPV6 options, shared by the lwIP
 * sockets (TCP, UDP, raw).  Every lwIP pcb starts with the same IP fields
 * (struct ip_pcb), so TOS and TTL are set on whichever pcb it is. */
#include "include/linux/errno.h"
#include "lwip/ip.h"
#include "net/inet_opt.h"
#include "net/socket.h"

#define IP_TOS 1
#define IP_TTL 2
#define IP_PKTINFO 8
#define IP_MTU_DISCOVER 10
#define IP_RECVERR 11
#define IP_RECVTOS 13
#define IP_FREEBIND 15
#define IP_MULTICAST_TTL 33
#define IP_MULTICAST_LOOP 34
#define IPV6_UNICAST_HOPS 16
#define IPV6_MULTICAST_LOOP 19
#define IPV6_RECVERR 25
#define IPV6_V6ONLY 26
#define IPV6_RECVPKTINFO 49
#define IPV6_TCLASS 67

/* Flags a program may set and read back without effect here. */
struct inet_flags {
    int pktinfo, mtu_disc, recverr, recvtos, freebind, mttl, mloop;
};

int inet_setopt(struct sock *s, int level, int name, const void *val, int len, void *pcbv,
                int *v6only, int bound)
{
    struct ip_pcb *pcb = pcbv;
    int v, err;
    if (level == IPPROTO_IPV6 && s->family != AF_INET6)
        return -ENOPROTOOPT;
    if (level != IPPROTO_IP && level != IPPROTO_IPV6)
        return -ENOPROTOOPT;
    if ((err = sockopt_int(val, len, &v)))
        return err;
    if (level == IPPROTO_IP) {
        switch (name) {
        case IP_TOS:
            if (pcb)
                pcb->tos = (u8_t)(v & 0xfc);
            s->priority = (s->priority & 0xffff) | ((v & 0xfc) << 16);
            return 0;
        case IP_TTL:
            if (v < -1 || v == 0 || v > 255)
                return -EINVAL;
            if (pcb)
                pcb->ttl = v == -1 ? IP_DEFAULT_TTL : v;
            return 0;
        case IP_PKTINFO:
        case IP_MTU_DISCOVER:
        case IP_RECVERR:
        case IP_RECVTOS:
        case IP_FREEBIND:
        case IP_MULTICAST_TTL:
        case IP_MULTICAST_LOOP:
            return 0;
        }
        return -ENOPROTOOPT;
    }
    switch (name) {
    case IPV6_V6ONLY:
        if (bound)
            return -EINVAL;
        *v6only = !!v;
        return 0;
    case IPV6_UNICAST_HOPS:
        if (v < -1 || v > 255)
            return -EINVAL;
        if (pcb)
            pcb->ttl = v == -1 ? IP_DEFAULT_TTL : v;
        return 0;
    case IPV6_TCLASS:
        if (v < -1 || v > 255)
            return -EINVAL;
        if (pcb)
            pcb->tos = v == -1 ? 0 : v;
        return 0;
    case IPV6_RECVERR:
    case IPV6_RECVPKTINFO:
    case IPV6_MULTICAST_LOOP:
        return 0;
    }
    return -ENOPROTOOPT;
}

int inet_getopt(struct sock *s, int level, int name, void *val, int *len, void *pcbv, int v6only)
{
    struct ip_pcb *pcb = pcbv;
    if (level == IPPROTO_IPV6 && s->family != AF_INET6)
        return -ENOPROTOOPT;
    if (level == IPPROTO_IP) {
        switch (name) {
        case IP_TOS:
            return sockopt_put_int(val, len, pcb ? pcb->tos : (s->priority >> 16) & 0xff);
        case IP_TTL:
            return sockopt_put_int(val, len, pcb ? pcb->ttl : IP_DEFAULT_TTL);
        case IP_PKTINFO:
        case IP_RECVERR:
        case IP_RECVTOS:
        case IP_FREEBIND:
            return sockopt_put_int(val, len, 0);
        case IP_MULTICAST_TTL:
        case IP_MULTICAST_LOOP:
            return sockopt_put_int(val, len, 1);
        }
        return -ENOPROTOOPT;
    }
    if (level != IPPROTO_IPV6)
        return -ENOPROTOOPT;
    switch (name) {
    case IPV6_V6ONLY:
        return sockopt_put_int(val, len, v6only);
    case IPV6_UNICAST_HOPS:
        return sockopt_put_int(val, len, pcb ? pcb->ttl : IP_DEFAULT_TTL);
    case IPV6_TCLASS:
        return sockopt_put_int(val, len, pcb ? pcb->tos : 0);
    case IPV6_RECVERR:
    case IPV6_RECVPKTINFO:
        return sockopt_put_int(val, len, 0);
    case IPV6_MULTICAST_LOOP:
        return sockopt_put_int(val, len, 1);
    }
    return -ENOPROTOOPT;
}
