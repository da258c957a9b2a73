/* openat2_xattr_errors: openat2's strict argument checks and a plain open
 * through it; the extended-attribute calls' errors that every filesystem
 * shares (missing file, missing attribute, bad names, bad fd). */
#include "common.h"
#include <sys/xattr.h>

struct how {
    unsigned long long flags, mode, resolve, extra;
};

static long openat2_(const char *path, struct how *h, size_t size)
{
    return syscall(437, AT_FDCWD, path, h, size);
}

int main(void)
{
    struct how h = {O_RDONLY, 0, 0, 0};
    put_file("f", "data");
    long fd = openat2_("f", &h, 24);
    SAY(fd >= 0);
    char b[8] = {0};
    SHOW(read((int)fd, b, sizeof(b) - 1));
    printf("read: %s\n", b);
    SHOW(openat2_("f", &h, 16));
    h.extra = 1;
    SHOW(openat2_("f", &h, 32));
    h.extra = 0;
    SAY(openat2_("f", &h, 32) >= 0);
    h.flags = 1ull << 40;
    SHOW(openat2_("f", &h, 24));
    h.flags = O_RDONLY;
    h.mode = 0644;
    SHOW(openat2_("f", &h, 24));
    h.flags = O_CREAT | O_WRONLY;
    h.mode = 010000;
    SHOW(openat2_("g", &h, 24));
    h.mode = 0600;
    h.resolve = 1ull << 20;
    SHOW(openat2_("g", &h, 24));
    h.resolve = 0x18;
    SHOW(openat2_("g", &h, 24));
    h.resolve = 0;
    SAY(openat2_("g", &h, 24) >= 0);
    SHOW(openat2_("missing/x", &h, 24));

    char v[16];
    SHOW(getxattr("missing", "user.a", v, sizeof(v)));
    SHOW(getxattr("f", "user.none", v, sizeof(v)));
    SHOW(lgetxattr("f", "user.none", v, sizeof(v)));
    SHOW(fgetxattr((int)fd, "user.none", v, sizeof(v)));
    SHOW(fgetxattr(999, "user.none", v, sizeof(v)));
    SHOW(getxattr("f", "nonamespace", v, sizeof(v)));
    SHOW(getxattr("f", "", v, sizeof(v)));
    char longname[300];
    memset(longname, 'a', sizeof(longname) - 1);
    memcpy(longname, "user.", 5);
    longname[299] = 0;
    SHOW(getxattr("f", longname, v, sizeof(v)));
    SHOW(removexattr("f", "user.none"));
    SHOW(setxattr("missing", "user.a", "x", 1, 0));
    SHOW(setxattr("f", "user.a", "x", 1, 8));
    SHOW(flistxattr(999, v, sizeof(v)));
    return 0;
}
