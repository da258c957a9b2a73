/* net/etc.c: the files resolvers read, written into the root at boot
 * when a NIC attaches and the program's files do not bring their own: /etc/hosts,
 * /etc/nsswitch.conf, /etc/services (common ports), and /etc/resolv.conf
 * once a NIC is up with a DNS server (kiln.dns=, or the DHCP gateway). */
#include "net/net.h"
#include "include/linux/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

static const char hosts[] = "127.0.0.1\tlocalhost\n"
                            "::1\tlocalhost ip6-localhost ip6-loopback\n";
static const char nsswitch[] = "hosts: files dns\n"
                               "networks: files\n"
                               "services: files\n"
                               "protocols: files\n";
static const char services[] = "ftp\t\t21/tcp\n"
                               "ssh\t\t22/tcp\n"
                               "telnet\t\t23/tcp\n"
                               "smtp\t\t25/tcp\n"
                               "domain\t\t53/tcp\n"
                               "domain\t\t53/udp\n"
                               "http\t\t80/tcp\t\twww\n"
                               "ntp\t\t123/udp\n"
                               "https\t\t443/tcp\n"
                               "https\t\t443/udp\n"
                               "redis\t\t6379/tcp\n"
                               "http-alt\t8080/tcp\n";

/* Write text to path unless it exists. */
static void put(const char *path, const char *text, size_t len)
{
    struct file *f;
    if (vfs_open(0, path, O_WRONLY | O_CREAT | O_EXCL, 0644, &f))
        return;
    uint64_t pos = 0;
    uaccess_kernel_ok = 1;
    vfs_write(f, text, len, &pos);
    uaccess_kernel_ok = 0;
    file_put(f);
}

void net_etc_init(void)
{
    vfs_mkdir(0, "/etc", 0755);
    put("/etc/hosts", hosts, sizeof(hosts) - 1);
    put("/etc/nsswitch.conf", nsswitch, sizeof(nsswitch) - 1);
    put("/etc/services", services, sizeof(services) - 1);
}

void net_etc_resolv(uint32_t dns)
{
    char buf[64];
    const uint8_t *b = (const uint8_t *)&dns;
    if (!dns)
        return;
    int n = snprintf(buf, sizeof(buf), "nameserver %u.%u.%u.%u\n", b[0], b[1], b[2], b[3]);
    put("/etc/resolv.conf", buf, n);
}
