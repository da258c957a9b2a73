/* host/initrd_cpio.c: writing the members as a cpio "newc" archive, file data page-aligned.
 *
 * newc: each member is a 110-byte ASCII header ("070701" and 13 fields of 8
 * hex digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
 * devminor, rdevmajor, rdevminor, namesize, check), then the name with its
 * NUL (namesize counts the NUL), padded with NULs to a multiple of 4 from
 * the member's start, then filesize bytes of data padded to 4.  The archive
 * ends with a member named "TRAILER!!!".
 *
 * kiln's one twist: the data of every non-empty regular file starts at an
 * offset that is a multiple of 4096, so the kernel can map file pages from
 * the initrd in place instead of copying them.  We get there by padding the
 * name with extra NULs and counting them in namesize; every reader stops the
 * name at its first NUL (Linux's initramfs only checks that the last byte
 * of the name is a NUL), so the archive stays an ordinary newc archive.
 *
 * uid and gid are 0, nlink 1 (2 for directories), inode numbers 1, 2, ...
 * in archive order.  The check field, unused by "070701" archives, holds
 * the nanoseconds of the mtime (include/kiln_abi.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/initrd.h"
#include "host/msg.h"

#define CPIO_HDR 110
#define CPIO_TRAILER "TRAILER!!!"
#define CPIO_DATA_ALIGN 4096

static uint64_t cpio_align(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* For a member of name length len (no NUL) with size data bytes at offset
 * off: the name size to write (NUL and padding included), and the offset of
 * the member after it. */
static uint64_t cpio_layout(uint64_t off, size_t len, int aligned, uint64_t size,
                            uint32_t *namesize)
{
    uint64_t data = aligned ? cpio_align(off + CPIO_HDR + len + 1, CPIO_DATA_ALIGN)
                            : cpio_align(off + CPIO_HDR + len + 1, 4);

    *namesize = aligned ? (uint32_t)(data - off - CPIO_HDR) : (uint32_t)(len + 1);
    return cpio_align(data + size, 4);
}

static int cpio_aligned(const struct initrd_entry *e)
{
    return S_ISREG(e->mode) && e->size;
}

uint64_t initrd_size(const struct initrd *r)
{
    uint64_t off = 0;
    uint32_t ns;

    for (unsigned i = 0; i < r->n; i++)
        off = cpio_layout(off, strlen(r->e[i].name), cpio_aligned(&r->e[i]), r->e[i].size, &ns);
    return cpio_layout(off, strlen(CPIO_TRAILER), 0, 0, &ns);
}

static char *cpio_hex(char *p, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";

    if (v > 0xffffffffu)
        v = 0xffffffffu;
    for (int i = 7; i >= 0; i--, v >>= 4)
        p[i] = hex[v & 15];
    return p + 8;
}

/* Write one member's header and padded name at dst + off; returns the
 * offset of its data. */
static uint64_t cpio_header(uint8_t *dst, uint64_t off, unsigned ino, const struct initrd_entry *e,
                            const char *name, uint64_t *next)
{
    uint32_t namesize;
    size_t len = strlen(name);
    int64_t mtime = e ? e->mtime : 0;
    char *p = (char *)dst + off;
    uint32_t mode = e ? e->mode : 0, nlink = e && S_ISDIR(e->mode) ? 2 : 1;
    uint64_t size = e ? e->size : 0;
    /* ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor
     * rdevminor namesize (filled below) check */
    uint64_t v[13] = {ino, mode, 0, 0, nlink, mtime < 0 ? 0 : mtime, size, e ? e->devmajor : 0,
                      e ? e->devminor : 0, 0, 0, 0, e ? e->mtime_nsec : 0};

    *next = cpio_layout(off, len, e && cpio_aligned(e), e ? e->size : 0, &namesize);
    v[11] = namesize;
    memcpy(p, "070701", 6);
    p += 6;
    for (int i = 0; i < 13; i++)
        p = cpio_hex(p, v[i]);
    memcpy(p, name, len);
    /* the name, its NUL, and the padding up to the data's 4-byte boundary */
    uint64_t data = cpio_align(off + CPIO_HDR + namesize, 4);
    memset(p + len, 0, data - off - CPIO_HDR - len);
    return data;
}

/* Read exactly e->size bytes of e->src into buf. */
static int cpio_read(const struct initrd_entry *e, uint8_t *buf)
{
    uint64_t got = 0;
    int fd, err = 0;

    fd = open(e->src, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = -errno;
        msg_err("%s: %s", e->src, strerror(errno));
        return err;
    }
    while (got < e->size) {
        ssize_t n = read(fd, buf + got, e->size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? -errno : -EIO;
            msg_err("%s: %s", e->src, n < 0 ? strerror(errno) : "file shrank while kiln read it");
            break;
        }
        got += n;
    }
    close(fd);
    return err;
}

int initrd_write(const struct initrd *r, void *dst)
{
    uint8_t *d = dst;
    uint64_t off = 0, next, data;
    int err;

    for (unsigned i = 0; i < r->n; i++) {
        const struct initrd_entry *e = &r->e[i];
        data = cpio_header(d, off, i + 1, e, e->name, &next);
        if (e->src) {
            err = cpio_read(e, d + data);
            if (err)
                return err;
        } else if (e->size) {
            memcpy(d + data, e->data, e->size);
        }
        memset(d + data + e->size, 0, next - data - e->size);
        off = next;
    }
    data = cpio_header(d, off, 0, NULL, CPIO_TRAILER, &next);
    memset(d + data, 0, next - data);
    return 0;
}
