/* host/ldcache.c: reading /etc/ld.so.cache (glibc's "glibc-ld.so.cache1.1").
 *
 * The layout (glibc's sysdeps/generic/dl-cache.h): a 48-byte header -- magic
 * "glibc-ld.so.cache", version "1.1", nlibs, len_strings, flags, extension
 * offset -- then nlibs 24-byte entries {flags, key, value, osversion, hwcap}
 * whose key (soname) and value (path) are offsets from the header's start.
 * An entry's flags say its ELF type (3: libc6) and architecture (0x0300:
 * x86-64).  Every offset is checked against the file; a bad one ends the
 * string or skips the entry, never reads outside the mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/ldcache.h"

#define LDCACHE_OLD_MAGIC "ld.so-1.7.0"
#define LDCACHE_NEW_MAGIC "glibc-ld.so.cache1.1"
#define LDCACHE_HDR 48
#define LDCACHE_ENT 24
#define LDCACHE_OLD_ENT 12 /* {flags, key, value} of the libc5 table */
#define FLAG_TYPE_MASK 0x00ff
#define FLAG_ELF_LIBC6 0x0003
#define FLAG_ARCH_MASK 0xff00
#define FLAG_X8664_LIB64 0x0300

struct ldcache_ent {
    int32_t flags;
    uint32_t key, value, osversion;
    uint64_t hwcap;
};

static uint32_t ldcache_u32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

int ldcache_open(struct ldcache *c, const char *path)
{
    struct stat st;
    size_t off = 0;
    int fd, err = 0;

    memset(c, 0, sizeof(*c));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) || st.st_size < LDCACHE_HDR) {
        err = -ENOEXEC;
        goto out_close;
    }
    c->data = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (c->data == MAP_FAILED) {
        c->data = NULL;
        err = -errno;
        goto out_close;
    }
    c->size = st.st_size;
    if (!memcmp(c->data, LDCACHE_OLD_MAGIC, sizeof(LDCACHE_OLD_MAGIC) - 1)) {
        /* the old table, then the new format aligned to 8 bytes */
        uint64_t n = ldcache_u32(c->data + 12);
        off = (16 + n * LDCACHE_OLD_ENT + 7) & ~7ull;
        if (off > c->size - LDCACHE_HDR)
            goto bad;
    }
    if (memcmp(c->data + off, LDCACHE_NEW_MAGIC, sizeof(LDCACHE_NEW_MAGIC) - 1))
        goto bad;
    c->strings = c->data + off;
    c->nlibs = ldcache_u32(c->strings + 20);
    if (c->nlibs > (c->size - off - LDCACHE_HDR) / LDCACHE_ENT)
        goto bad;
    c->libs = c->strings + LDCACHE_HDR;
    goto out_close;
bad:
    ldcache_close(c);
    err = -ENOEXEC;
out_close:
    close(fd);
    return err;
}

void ldcache_close(struct ldcache *c)
{
    if (c->data)
        munmap((void *)c->data, c->size);
    memset(c, 0, sizeof(*c));
}

/* The NUL-terminated string at offset off, or NULL if it runs off the end. */
static const char *ldcache_str(const struct ldcache *c, uint32_t off)
{
    size_t base = c->strings - c->data;
    if (off >= c->size - base)
        return NULL;
    const char *s = c->strings + off;
    return memchr(s, 0, c->size - base - off) ? s : NULL;
}

const char *ldcache_lookup(const struct ldcache *c, const char *name)
{
    const char *best = NULL;

    for (uint32_t i = 0; i < c->nlibs; i++) {
        struct ldcache_ent e;
        memcpy(&e, (const char *)c->libs + (size_t)i * LDCACHE_ENT, sizeof(e));
        if ((e.flags & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6 ||
            (e.flags & FLAG_ARCH_MASK) != FLAG_X8664_LIB64)
            continue;
        const char *key = ldcache_str(c, e.key), *val = ldcache_str(c, e.value);
        if (!key || !val || strcmp(key, name))
            continue;
        if (!e.hwcap)
            return val;
        if (!best)
            best = val;
    }
    return best;
}
