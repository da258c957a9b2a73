/* statx_basic_fields: statx fills the basic fields (type, mode, size, nlink,
 * uid) consistently with fstat, honours AT_EMPTY_PATH, and reports ENOENT and
 * EINVAL (reserved mask bit) like Linux.  Called by number: musl 1.2.3 has no
 * wrapper. */
#include "common.h"
#include <stdint.h>

struct sx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct sx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, pad1;
    uint64_t ino, size, blocks, attributes_mask;
    struct sx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t spare[14];
};
#define SX_BASIC 0x7ffu
#define SX_RESERVED 0x80000000u

int main(void)
{
    struct sx s;
    struct stat st;
    put_file("f", "statx contents\n");
    chmod("f", 0604);
    memset(&s, 0, sizeof s);
    SHOW(syscall(SYS_statx, AT_FDCWD, "f", 0, SX_BASIC, &s));
    printf("basic mask all set: %d\n", (s.mask & SX_BASIC) == SX_BASIC);
    printf("mode %o size %llu nlink %u uid %u gid %u\n", s.mode, (unsigned long long)s.size,
           s.nlink, s.uid, s.gid);
    stat("f", &st);
    SAY(s.ino == st.st_ino && s.size == (uint64_t)st.st_size && s.mode == st.st_mode);
    SAY(s.mtime.tv_sec == st.st_mtim.tv_sec && s.mtime.tv_nsec == st.st_mtim.tv_nsec);
    int fd = open("f", O_RDONLY);
    memset(&s, 0, sizeof s);
    SHOW(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, SX_BASIC, &s));
    printf("via fd: size %llu\n", (unsigned long long)s.size);
    SHOW(syscall(SYS_statx, AT_FDCWD, ".", 0, SX_BASIC, &s));
    printf("dot is dir: %d\n", S_ISDIR(s.mode));
    SHOW(syscall(SYS_statx, AT_FDCWD, "missing", 0, SX_BASIC, &s));
    SHOW(syscall(SYS_statx, AT_FDCWD, "f", 0, SX_RESERVED, &s));
    SHOW(syscall(SYS_statx, AT_FDCWD, "f", 0x40000000, SX_BASIC, &s));
    close(fd);
    unlink("f");
    return 0;
}
