/* socket_ioctl_siocgif_lo: the SIOCGIF* ioctls for the loopback interface
 * (index, name by index, address, netmask, flags, MTU, hardware type),
 * "lo" listed by SIOCGIFCONF with 127.0.0.1, ENODEV for an unknown name,
 * FIONREAD on a listening TCP socket (EINVAL) and on an empty UDP one. */
#include "common.h"
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strcpy(r.ifr_name, "lo");
    show("SIOCGIFINDEX", ioctl(s, SIOCGIFINDEX, &r));
    printf("index %d\n", r.ifr_ifindex);
    int idx = r.ifr_ifindex;
    memset(&r, 0, sizeof r);
    r.ifr_ifindex = idx;
    show("SIOCGIFNAME", ioctl(s, SIOCGIFNAME, &r));
    printf("name %s\n", r.ifr_name);
    show("SIOCGIFADDR", ioctl(s, SIOCGIFADDR, &r));
    struct sockaddr_in *a = (void *)&r.ifr_addr;
    printf("family %d addr %s\n", a->sin_family, inet_ntoa(a->sin_addr));
    show("SIOCGIFNETMASK", ioctl(s, SIOCGIFNETMASK, &r));
    printf("mask %s\n", inet_ntoa(((struct sockaddr_in *)&r.ifr_netmask)->sin_addr));
    show("SIOCGIFFLAGS", ioctl(s, SIOCGIFFLAGS, &r));
    printf("up %d loopback %d running %d\n", !!(r.ifr_flags & IFF_UP), !!(r.ifr_flags & IFF_LOOPBACK),
           !!(r.ifr_flags & IFF_RUNNING));
    show("SIOCGIFMTU", ioctl(s, SIOCGIFMTU, &r));
    printf("mtu %d\n", r.ifr_mtu);
    show("SIOCGIFHWADDR", ioctl(s, SIOCGIFHWADDR, &r));
    printf("hw family %d\n", r.ifr_hwaddr.sa_family);
    strcpy(r.ifr_name, "nosuch0");
    show("SIOCGIFINDEX unknown", ioctl(s, SIOCGIFINDEX, &r));
    char buf[4096];
    struct ifconf ic = {.ifc_len = sizeof buf, .ifc_buf = buf};
    show("SIOCGIFCONF", ioctl(s, SIOCGIFCONF, &ic));
    int found = 0;
    for (int i = 0; i < ic.ifc_len / (int)sizeof(struct ifreq); i++) {
        struct ifreq *q = &ic.ifc_req[i];
        if (!strcmp(q->ifr_name, "lo"))
            found = !strcmp(inet_ntoa(((struct sockaddr_in *)&q->ifr_addr)->sin_addr), "127.0.0.1");
    }
    printf("lo listed with 127.0.0.1: %d\n", found);
    int n = -1;
    show("FIONREAD empty udp", ioctl(s, FIONREAD, &n));
    printf("n %d\n", n);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in la = {.sin_family = AF_INET};
    la.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (void *)&la, sizeof la);
    listen(l, 1);
    show("FIONREAD listener", ioctl(l, FIONREAD, &n));
    show("TCGETS on a socket", ioctl(l, 0x5401, buf));
    return 0;
}
