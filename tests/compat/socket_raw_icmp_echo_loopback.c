/* socket_raw_icmp_echo_loopback: a raw ICMP socket (root) pinging
 * 127.0.0.1: the socket sees its own echo request and then the reply, both
 * with the IPv4 header in front, as on Linux. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    int s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    printf("raw socket ok %d\n", s >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned char pkt[16] = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'k', 'i', 'l', 'n'};
    unsigned sum = 0;
    for (int i = 0; i < 16; i += 2)
        sum += (pkt[i] << 8) | pkt[i + 1];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    sum = ~sum & 0xffff;
    pkt[2] = sum >> 8;
    pkt[3] = sum & 0xff;
    show("sendto", sendto(s, pkt, sizeof pkt, 0, (void *)&a, sizeof a));
    for (int i = 0; i < 2; i++) {
        unsigned char b[128];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(s, b, sizeof b, 0, (void *)&from, &fl);
        int hl = (b[0] & 15) * 4;
        printf("recv %zd version %d proto %d from %s type %d code %d id %02x%02x payload %.4s\n", n,
               b[0] >> 4, b[9], inet_ntoa(from.sin_addr), b[hl], b[hl + 1], b[hl + 4], b[hl + 5],
               (char *)b + hl + 8);
    }
    show("recv nothing more", recv(s, pkt, sizeof pkt, MSG_DONTWAIT));
    return 0;
}
