/* /proc/net/{tcp,tcp6,udp,udp6,unix,dev}: the program's own sockets, found
 * by the inode number fstat gives, with their state, addresses (ports as
 * names), queues, uid and field counts; the header lines; /proc/net as a
 * link to self/net; the lo line of /proc/net/dev (name and column count). */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static char text[1 << 20];

/* The whole of a /proc file into text (NUL-terminated); its length. */
static size_t slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    size_t n = 0;
    ssize_t r;
    if (fd < 0) {
        printf("open %s: %s\n", path, strerror(errno));
        exit(1);
    }
    while ((r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
        n += r;
    close(fd);
    text[n] = 0;
    return n;
}

static unsigned long ino_of(int fd)
{
    struct stat st;
    char link[64], want[64];
    if (fstat(fd, &st))
        return 0;
    /* /proc/self/fd/N names the same number */
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, want, sizeof(want) - 1);
    want[n > 0 ? n : 0] = 0;
    snprintf(link, sizeof(link), "socket:[%lu]", (unsigned long)st.st_ino);
    if (strcmp(link, want))
        printf("fd %d: readlink %s, fstat %s\n", fd, want, link);
    return st.st_ino;
}

static unsigned port_of(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    getsockname(fd, (struct sockaddr *)&ss, &len);
    return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                         : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* port numbers by name, per protocol (TCP and UDP may share numbers) */
static unsigned known_port[8];
static const char *known_name[8];
static int known_udp[8], nknown, table_udp;

static void name_port(const char *name, unsigned port, int udp)
{
    known_port[nknown] = port;
    known_udp[nknown] = udp;
    known_name[nknown++] = name;
}

/* "ADDR:PORT" with the port as its name ("0" stays, others "?") */
static void show_addr(char *buf, size_t size, const char *a)
{
    const char *colon = strrchr(a, ':');
    unsigned port = colon ? strtoul(colon + 1, 0, 16) : 0;
    const char *pname = port ? "?" : "0";
    for (int i = 0; i < nknown; i++)
        if (known_port[i] == port && known_udp[i] == table_udp)
            pname = known_name[i];
    snprintf(buf, size, "%.*s:%s", colon ? (int)(colon - a) : 0, a, pname);
}

static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *t = strtok(line, " \t"); t; t = strtok(0, " \t"))
        if (n < max)
            f[n++] = t;
        else
            n++;
    return n;
}

/* Print the header and the lines of sockets in inos[] (by the inode
 * column), then one with the given local and remote ports (an inode 0
 * entry), in that order (Linux lists by hash). */
static void inet_table(const char *path, const char *const *names, const unsigned long *inos,
                       int n, unsigned qport_local, unsigned qport_remote)
{
    size_t len = slurp(path);
    char *save, *line = strtok_r(text, "\n", &save);
    size_t hlen = line ? strlen(line) : 0;
    while (hlen && line[hlen - 1] == ' ')
        hlen--;
    printf("%s: header \"%.*s\" (%zu characters)\n", path, (int)hlen, line ? line : "",
           line ? strlen(line) : 0);
    (void)len;
    char out[9][512];
    memset(out, 0, sizeof(out));
    table_udp = strstr(path, "udp") != 0;
    while ((line = strtok_r(0, "\n", &save))) {
        char copy[512], *f[32];
        size_t ll = strlen(line);
        snprintf(copy, sizeof(copy), "%s", line);
        int nf = split(copy, f, 32);
        if (nf < 10)
            continue;
        unsigned long ino = strtoul(f[9], 0, 10);
        const char *who = 0;
        int slot = 8;
        for (int i = 0; i < n; i++)
            if (inos[i] == ino && ino)
                who = names[i], slot = i;
        const char *rc = strrchr(f[2], ':'), *lc = strrchr(f[1], ':');
        if (!who && !ino && qport_local && lc && rc && strtoul(lc + 1, 0, 16) == qport_local &&
            strtoul(rc + 1, 0, 16) == qport_remote)
            who = "queued, not accepted (inode 0)";
        if (!who)
            continue;
        char *colon = strchr(f[4], ':');
        unsigned long txq = strtoul(f[4], 0, 16), rxq = colon ? strtoul(colon + 1, 0, 16) : 0;
        /* tx_queue: bytes not yet acknowledged (how soon loopback ACKs
         * differs); rx_queue: TCP bytes unread, UDP memory charged */
        char loc[128], rem[128];
        show_addr(loc, sizeof(loc), f[1]);
        show_addr(rem, sizeof(rem), f[2]);
        snprintf(out[slot], sizeof(out[slot]),
                 "  %s: st %s local %s remote %s tx_queue %s rx_queue %s uid %s fields %d "
                 "length %s\n",
                 who, f[3], loc, rem, txq > 5 ? "big" : "at most 5",
                 table_udp ? (rxq ? "nonzero" : "0") : rxq > 5 ? "big" : rxq == 5 ? "5" : rxq ? "small" : "0",
                 strtoul(f[7], 0, 10) == geteuid() ? "euid" : "other", nf,
                 ll == 149 ? "149" : ll == 127 ? "127" : "unpadded");
    }
    for (int i = 0; i < 9; i++)
        printf("%s", out[i]);
}

int main(void)
{
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    socklen_t len;
    char link[64];

    ssize_t n = readlink("/proc/net", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    printf("readlink /proc/net = %s\n", link);
    struct stat st;
    SHOW(stat("/proc/self/net", &st));
    SAY(S_ISDIR(st.st_mode));

    /* TCP: a listener, a connection accepted, one queued */
    int lis = socket(AF_INET, SOCK_STREAM, 0);
    SHOW(bind(lis, (struct sockaddr *)&a4, sizeof(a4)));
    SHOW(listen(lis, 8));
    len = sizeof(a4);
    getsockname(lis, (struct sockaddr *)&a4, &len);
    int cli = socket(AF_INET, SOCK_STREAM, 0);
    SHOW(connect(cli, (struct sockaddr *)&a4, sizeof(a4)));
    int srv = accept(lis, 0, 0);
    OK(srv);
    int cli2 = socket(AF_INET, SOCK_STREAM, 0);
    SHOW(connect(cli2, (struct sockaddr *)&a4, sizeof(a4)));
    SHOW(write(cli, "hello", 5));
    usleep(20000); /* let the data arrive (loopback) */
    name_port("LISTENPORT", port_of(lis), 0);
    name_port("CLIENTPORT", port_of(cli), 0);
    name_port("CLIENT2PORT", port_of(cli2), 0);

    /* TCP over IPv6: a listener on ::1 */
    int lis6 = socket(AF_INET6, SOCK_STREAM, 0);
    SHOW(bind(lis6, (struct sockaddr *)&a6, sizeof(a6)));
    SHOW(listen(lis6, 4));
    name_port("LISTEN6PORT", port_of(lis6), 0);

    /* UDP: one bound with a datagram waiting, one never bound (not listed) */
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    a4.sin_port = 0;
    SHOW(bind(u, (struct sockaddr *)&a4, sizeof(a4)));
    len = sizeof(a4);
    getsockname(u, (struct sockaddr *)&a4, &len);
    SHOW(sendto(u, "abc", 3, 0, (struct sockaddr *)&a4, sizeof(a4)));
    name_port("UDPPORT", port_of(u), 1);
    int unbound = socket(AF_INET, SOCK_DGRAM, 0);
    int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    a6.sin6_port = 0;
    SHOW(bind(u6, (struct sockaddr *)&a6, sizeof(a6)));
    name_port("UDP6PORT", port_of(u6), 1);
    usleep(20000);

    const char *tnames[] = {"listener", "client", "accepted"};
    unsigned long tinos[] = {ino_of(lis), ino_of(cli), ino_of(srv)};
    inet_table("/proc/net/tcp", tnames, tinos, 3, port_of(lis), port_of(cli2));
    const char *t6names[] = {"v6 listener"};
    unsigned long t6inos[] = {ino_of(lis6)};
    inet_table("/proc/net/tcp6", t6names, t6inos, 1, 0, 0);
    const char *unames[] = {"udp bound", "udp never bound"};
    unsigned long uinos[] = {ino_of(u), ino_of(unbound)};
    inet_table("/proc/net/udp", unames, uinos, 2, 0, 0);
    const char *u6names[] = {"udp6 bound"};
    unsigned long u6inos[] = {ino_of(u6)};
    inet_table("/proc/net/udp6", u6names, u6inos, 1, 0, 0);
    /* the same table by /proc/self/net */
    inet_table("/proc/self/net/tcp6", t6names, t6inos, 1, 0, 0);

    /* AF_UNIX: a listener on a path, a pair, an abstract datagram socket */
    int ul = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    strcpy(un.sun_path, "proc_net.sock");
    unlink(un.sun_path);
    SHOW(bind(ul, (struct sockaddr *)&un, sizeof(un)));
    SHOW(listen(ul, 2));
    int sp[2];
    SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
    int ud = socket(AF_UNIX, SOCK_DGRAM, 0);
    char abs_name[64];
    int an = snprintf(abs_name, sizeof(abs_name), "kiln-proc-net-%d", (int)getpid());
    memset(&un, 0, sizeof(un));
    un.sun_family = AF_UNIX;
    memcpy(un.sun_path + 1, abs_name, an);
    SHOW(bind(ud, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 1 + an));
    const char *xnames[] = {"path listener", "pair end 0", "pair end 1", "abstract dgram"};
    unsigned long xinos[] = {ino_of(ul), ino_of(sp[0]), ino_of(sp[1]), ino_of(ud)};
    slurp("/proc/net/unix");
    char *save, *line = strtok_r(text, "\n", &save);
    printf("/proc/net/unix: header \"%s\"\n", line ? line : "");
    char xout[4][256];
    memset(xout, 0, sizeof(xout));
    while ((line = strtok_r(0, "\n", &save))) {
        char *f[16];
        int nf = split(line, f, 16);
        if (nf < 7)
            continue;
        for (int i = 0; i < 4; i++) {
            if (strtoul(f[6], 0, 10) != xinos[i])
                continue;
            char path[128] = "";
            if (nf > 7)
                snprintf(path, sizeof(path), "%s", f[7]);
            char *pid = strstr(path, abs_name);
            if (pid)
                snprintf(pid, sizeof(path) - (pid - path), "kiln-proc-net-PID");
            snprintf(xout[i], sizeof(xout[i]),
                     "  %s: num %zu refcount-digits %zu protocol %s flags %s type %s st %s "
                     "path \"%s\" fields %d\n",
                     xnames[i], strlen(f[0]), strlen(f[1]), f[2], f[3], f[4], f[5], path, nf);
        }
    }
    for (int i = 0; i < 4; i++) /* in this order (Linux lists by hash) */
        printf("%s", xout[i]);
    unlink("proc_net.sock");

    /* /proc/net/dev: the two header lines, and lo's name and column count */
    slurp("/proc/net/dev");
    line = strtok_r(text, "\n", &save);
    printf("/proc/net/dev: %s\n", line ? line : "");
    line = strtok_r(0, "\n", &save);
    printf("/proc/net/dev: %s\n", line ? line : "");
    while ((line = strtok_r(0, "\n", &save))) {
        char *f[32];
        if (strncmp(line, "    lo:", 7))
            continue;
        line[6] = ' ';
        int nf = split(line, f, 32);
        printf("  %s: %d counters, received packets %s\n", f[0], nf - 1,
               strtoull(f[2], 0, 10) ? "some" : "none");
    }
    return 0;
}
