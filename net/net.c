/* net/net.c: lwIP start-up, its timers, and the NIC glue (drivers/netdev.h).
 *
 * Timers: lwIP's timeouts (TCP 250 ms, ARP/ND/reassembly 1 s, DHCP 500 ms)
 * run from one kernel timer armed for the earliest of them.  Ring 0 is
 * expensive on some hosts, so the timer is armed only while lwIP has
 * something to time: with no NIC and no TCP connection nothing fires.
 * Frames from the NIC are pulled by nd->poll() from the same timer (kicked
 * to "now" by net_kick), and after every socket call.
 */
#include "net/net.h"
#include "drivers/netdev.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/ktimer.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "net/inaddr.h"
#include "net/nic_csum.h"
#include "net/proc_net.h"
#include "lwip/ethip6.h"
#include "lwip/priv/tcp_priv.h"

#define RX_BUDGET 64

static struct ktimer tick;
static void net_tick(struct ktimer *t);
static struct netdev *nicdev;
static struct netif nic;
static int nic_up, kicked, flushing;
static ip4_addr_t cfg_ip, cfg_mask, cfg_gw, cfg_dns;
static int cfg_static;
static uint32_t dhcp_dns; /* the first DNS server of the last DHCP reply */
static struct net_dev_stats lo_stats, nic_stats; /* /proc/net/dev */

/* The loopback's packets, counted as Linux counts lo's: each one is sent
 * and received, with a 14-byte Ethernet header.  (lwIP hands packets for
 * the loopback to netif_loop_output directly: they are counted as they
 * come back in, from lwIP's input hook; the NIC's in net_rx/nic_output.) */
int net_ip_input_hook(struct pbuf *p, struct netif *inp)
{
    if (inp && inp == netif_get_by_index(1)) {
        lo_stats.rx_packets++;
        lo_stats.rx_bytes += p->tot_len + 14;
        lo_stats.tx_packets = lo_stats.rx_packets;
        lo_stats.tx_bytes = lo_stats.rx_bytes;
    }
    return 0;
}

void net_dev_stats(int nic, struct net_dev_stats *out)
{
    *out = nic ? nic_stats : lo_stats;
}

void net_init(void)
{
    lwip_init(); /* adds the loopback netif: 127.0.0.1/8 and ::1 */
    struct netif *lo = netif_get_by_index(1);
    if (lo)
        NETIF_SET_CHECKSUM_CTRL(lo, NETIF_CHECKSUM_DISABLE_ALL);
    ktimer_init(&tick, net_tick);
}

static uint32_t parse_ip4(const char *s, int *ok)
{
    ip4_addr_t a;
    *ok = s && ip4addr_aton(s, &a);
    return *ok ? ip4_addr_get_u32(&a) : 0;
}

void net_config(const char *ip, const char *gw, const char *dns)
{
    int ok;
    if (ip) {
        char buf[32];
        strlcpy(buf, ip, sizeof(buf));
        char *slash = strchr(buf, '/');
        int prefix = 24;
        if (slash) {
            *slash = 0;
            prefix = 0;
            for (const char *p = slash + 1; *p >= '0' && *p <= '9'; p++)
                prefix = prefix * 10 + (*p - '0');
            if (prefix > 32)
                prefix = 32;
        }
        ip4_addr_set_u32(&cfg_ip, parse_ip4(buf, &ok));
        cfg_static = ok;
        uint32_t m = prefix ? ~0u << (32 - prefix) : 0;
        ip4_addr_set_u32(&cfg_mask, lwip_htonl(m));
    }
    if (gw)
        ip4_addr_set_u32(&cfg_gw, parse_ip4(gw, &ok));
    if (dns)
        ip4_addr_set_u32(&cfg_dns, parse_ip4(dns, &ok));
}

uint32_t net_dns(void)
{
    if (ip4_addr_get_u32(&cfg_dns))
        return ip4_addr_get_u32(&cfg_dns);
    if (dhcp_dns)
        return dhcp_dns;
#if LWIP_DHCP
    /* lwIP's DHCP client keeps no DNS servers without LWIP_DNS: the
     * gateway is slirp's resolver too */
    if (nic_up)
        return ip4_addr_get_u32(netif_ip4_gw(&nic));
#endif
    return 0;
}

#define DHCP_OPTION_DNS 6

void net_dhcp_option(int option, int len, struct pbuf *p, int offset)
{
    uint32_t a;
    if (option == DHCP_OPTION_DNS && len >= 4 && pbuf_copy_partial(p, &a, 4, offset) == 4)
        dhcp_dns = a;
}

/* ---- IPv6 from the command line ---- */

static ip6_addr_t cfg_ip6, cfg_gw6;
static int cfg_ip6_set, cfg_gw6_set;

/* A unicast address a host may have or route through (not ::, ::1,
 * multicast, v4-mapped). */
static int parse_ip6(const char *s, ip6_addr_t *a)
{
    return ip6addr_aton(s, a) && !ip6_addr_isany(a) && !ip6_addr_isloopback(a) &&
           !ip6_addr_ismulticast(a) && !ip6_addr_isipv4mappedipv6(a);
}

void net_config6(const char *ip6, const char *gw6)
{
    if (ip6) {
        char buf[64];
        strlcpy(buf, ip6, sizeof(buf));
        char *slash = strchr(buf, '/');
        if (slash)
            *slash = 0;
        cfg_ip6_set = parse_ip6(buf, &cfg_ip6) && !ip6_addr_islinklocal(&cfg_ip6);
        if (!cfg_ip6_set)
            kprintf("kiln: kiln.ip6=%s: not a unicast IPv6 address; ignored\n", ip6);
        else if (slash && strcmp(slash + 1, "64"))
            kprintf("kiln: kiln.ip6=%s: the on-link prefix is /64 (lwIP's rule for "
                    "static addresses); the rest goes through kiln.gw6\n",
                    ip6);
    }
    if (gw6) {
        cfg_gw6_set = parse_ip6(gw6, &cfg_gw6);
        if (!cfg_gw6_set)
            kprintf("kiln: kiln.gw6=%s: not a unicast IPv6 address; ignored\n", gw6);
    }
}

/* With kiln.ip6: the address, and the link-local one, are preferred at
 * once.  Duplicate address detection is skipped: the host tells the
 * guest its address on a link it owns (slirp's network has only the
 * guest and slirp, which answers for its own addresses only).  No
 * stateless autoconfiguration either: the address is given. */
static void nic_ip6_static(void)
{
    s8_t idx;
    if (cfg_gw6_set)
        ip6_addr_assign_zone(&cfg_gw6, IP6_UNICAST, &nic); /* a link-local router */
    if (!cfg_ip6_set)
        return;
    nic.ip6_autoconfig_enabled = 0;
    netif_ip6_addr_set_state(&nic, 0, IP6_ADDR_PREFERRED);
    if (netif_add_ip6_address(&nic, &cfg_ip6, &idx) == ERR_OK)
        netif_ip6_addr_set_state(&nic, idx, IP6_ADDR_PREFERRED);
}

const ip6_addr_t *net_ip6_gateway(struct netif *n, const ip6_addr_t *dest)
{
    return cfg_gw6_set && n == &nic ? &cfg_gw6 : 0;
}

struct netif *net_nic(void)
{
    return nic_up ? &nic : 0;
}

/* ---- timers ---- */

static void net_tick(struct ktimer *t)
{
    sys_check_timeouts();
    net_flush();
}

static void rearm(void)
{
    uint32_t ms = sys_timeouts_sleeptime();
    if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE)
        return;
    /* only the TCP timer and a NIC's housekeeping justify waking up */
    if (!nic_up && !tcp_active_pcbs && !tcp_tw_pcbs)
        return;
    uint64_t at = time_mono_ns() + (uint64_t)ms * 1000000 + 1;
    /* re-arm only for an earlier deadline (not for rounding: each arming
     * reprograms the LAPIC) */
    if (!tick.expires || at + 1000000 < tick.expires)
        ktimer_arm(&tick, at);
}

void net_flush(void)
{
    flushing = 1;
    if (kicked && nicdev) {
        kicked = 0;
        while (nicdev->poll(nicdev, RX_BUDGET) == RX_BUDGET)
            ;
    }
    for (int i = 0; i < 16; i++) {
        int more = 0;
        struct netif *n;
        NETIF_FOREACH(n) more |= n->loop_first != 0;
        if (!more)
            break;
        netif_poll_all();
    }
    rearm();
    flushing = 0;
}

/* ---- the NIC ---- */

static err_t nic_output(struct netif *n, struct pbuf *p)
{
    const void *seg[16];
    size_t len[16];
    unsigned start = 0, off = 0;
    int k = 0;
    if (nicdev->offload & NETDEV_TX_CSUM)
        nic_csum_tx(p, &start, &off);
    for (struct pbuf *q = p; q && k < 16; q = q->next) {
        if (!q->len)
            continue;
        seg[k] = q->payload;
        len[k++] = q->len;
    }
    if (nicdev->xmit(nicdev, seg, len, k, start, off))
        return ERR_MEM;
    nic_stats.tx_packets++;
    nic_stats.tx_bytes += p->tot_len;
    return ERR_OK;
}

static err_t nic_netif_init(struct netif *n)
{
    n->name[0] = 'e';
    n->name[1] = 't';
    n->mtu = nicdev->mtu ? nicdev->mtu : 1500;
    n->hwaddr_len = 6;
    memcpy(n->hwaddr, nicdev->mac, 6);
    /* MLD6: lwIP joins the solicited-node group of each of its addresses
     * only with it, and drops neighbor solicitations sent there (how slirp
     * and Linux look the guest's IPv6 addresses up) without */
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
    n->output = etharp_output;
    n->output_ip6 = ethip6_output;
    n->linkoutput = nic_output;
    NETIF_SET_CHECKSUM_CTRL(n, nic_csum_flags(nicdev->offload, 0));
    return ERR_OK;
}

#define DHCP_WAIT_NS 5000000000ull

/* Boot, interrupts off: poll the NIC and run lwIP's timers until DHCP has
 * bound an address, so that the program's first connect() works; at most
 * DHCP_WAIT_NS, then one line and on without (the lease may still come). */
static void dhcp_wait(void)
{
    uint64_t start = time_mono_ns(), end = start + DHCP_WAIT_NS;
    while (!dhcp_supplied_address(&nic)) {
        if (time_mono_ns() > end) {
            kprintf("kiln: no DHCP lease after 5 s; the program starts without an IPv4 "
                    "address\n");
            return;
        }
        kicked = 1;
        net_flush();
        sys_check_timeouts();
    }
    klog("kiln: DHCP lease %s after %lu us\n", ip4addr_ntoa(netif_ip4_addr(&nic)),
         (unsigned long)((time_mono_ns() - start) / 1000));
}

void net_attach(struct netdev *nd)
{
    if (nicdev)
        return; /* one NIC for now */
    nicdev = nd;
    if (!netif_add(&nic, &cfg_ip, &cfg_mask, &cfg_gw, nd, nic_netif_init, ethernet_input)) {
        nicdev = 0;
        kprintf("kiln: the network interface could not be added\n");
        return;
    }
    netif_create_ip6_linklocal_address(&nic, 1);
    nic.ip6_autoconfig_enabled = 1;
    nic_ip6_static();
    netif_set_default(&nic);
    netif_set_up(&nic);
    if (nd->link_up)
        netif_set_link_up(&nic);
    if (cfg_ip6_set && cfg_gw6_set)
        nic.rs_count = 0; /* no router solicitations: kiln.gw6 is the router */
    nic_up = 1;
    if (!cfg_static && dhcp_start(&nic) == ERR_OK)
        dhcp_wait();
    /* the resolver's files cost ~6000 kernel instructions at boot: only
     * programs with a network get them */
    net_etc_init();
    if (cfg_static ? ip4_addr_get_u32(&cfg_dns) != 0 : dhcp_supplied_address(&nic))
        net_etc_resolv(net_dns());
    net_flush();
}

void net_rx(struct netdev *nd, const void *frame, size_t len, int csum_ok)
{
    if (!nic_up || len > 0xffff)
        return;
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
    if (!p)
        return;
    pbuf_take(p, frame, (u16_t)len);
    nic_stats.rx_packets++;
    nic_stats.rx_bytes += len;
    /* the frame is handled before input returns (NO_SYS): the flags hold
     * for this frame only */
    NETIF_SET_CHECKSUM_CTRL(&nic, nic_csum_flags(nd->offload, csum_ok));
    if (nic.input(p, &nic) != ERR_OK)
        pbuf_free(p);
}

void net_kick(struct netdev *nd)
{
    kicked = 1;
    /* The kernel takes interrupts only in ring 3, when idle and in sleeps,
     * never inside lwIP (its timer runs it from an interrupt too), so the
     * frames are taken now, in the device's interrupt, rather than from a
     * timer interrupt armed for "now": that cost a LAPIC write, a second
     * interrupt and its EOI per batch.  Inside net_flush (the driver's
     * poll used its whole budget), its loop polls again. */
    if (!flushing)
        net_flush();
}

/* ---- the end of the VM ---- */

#define LINGER_NS 3000000000ull

/* A connection to another machine with data or a FIN still unacknowledged. */
static int pending(struct tcp_pcb *pcb)
{
    if (inaddr_local(&pcb->remote_ip))
        return 0; /* both ends are in this VM: nobody is left to read */
    return pcb->unsent || pcb->unacked || pcb->state == FIN_WAIT_1 ||
           pcb->state == CLOSING || pcb->state == LAST_ACK;
}

void net_linger(void)
{
    if (!nicdev)
        return;
    uint64_t end = time_mono_ns() + LINGER_NS;
    for (;;) {
        int busy = 0;
        for (struct tcp_pcb *pcb = tcp_active_pcbs; pcb; pcb = pcb->next) {
            if (pending(pcb)) {
                busy = 1;
                tcp_output(pcb);
            }
        }
        if (!busy || time_mono_ns() > end)
            break;
        /* interrupts are off: poll the NIC for ACKs, run lwIP's timers
         * (retransmissions) by hand */
        kicked = 1;
        net_flush();
        sys_check_timeouts();
    }
}
