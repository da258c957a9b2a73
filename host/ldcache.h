/* host/ldcache.h: the host's /etc/ld.so.cache, as glibc's ld.so reads it. */
#ifndef KILN_HOST_LDCACHE_H
#define KILN_HOST_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

#define LDCACHE_PATH "/etc/ld.so.cache"

struct ldcache {
    const char *data; /* the mapped file, or NULL if there is none */
    size_t size;
    const char *strings; /* base that entry string offsets are relative to */
    uint32_t nlibs;
    const void *libs; /* nlibs entries of the new ("glibc-ld.so.cache1.1") format */
};

/* Map and check path (LDCACHE_PATH).  Returns 0; or -errno (ENOENT: no
 * cache, ENOEXEC: not the glibc-ld.so.cache1.1 format, alone or after the
 * old libc5 table); c is then empty and lookups find nothing. */
int ldcache_open(struct ldcache *c, const char *path);
void ldcache_close(struct ldcache *c);

/* The path the cache gives for the x86-64 libc6 library called name
 * ("libm.so.6"), preferring an entry without glibc-hwcaps (kiln's CPU has no
 * AVX: an x86-64-v3 build would not run).  NULL if it has none.  The string
 * lives in the mapping. */
const char *ldcache_lookup(const struct ldcache *c, const char *name);

#endif
