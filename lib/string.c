/* lib/string.c: string and memory helpers.
 *
 * Bulk copies and fills move 8 bytes per `rep` iteration: where ring 0 is
 * emulated, each iteration of a string instruction costs about as much as
 * one instruction, so `rep movsq` is eight times cheaper than `rep movsb`. */
#include "lib/string.h"
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t q = n >> 3, r = n & 7;
    __asm__ volatile("rep movsq; mov %3, %%rcx; rep movsb"
                     : "+D"(d), "+S"(src), "+c"(q)
                     : "r"(r)
                     : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    if ((char *)dst <= (const char *)src || (char *)dst >= (const char *)src + n)
        return memcpy(dst, src, n);
    char *d = (char *)dst + n - 1;
    const char *s = (const char *)src + n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    uint64_t v = (uint8_t)c * 0x0101010101010101ull;
    size_t q = n >> 3, r = n & 7;
    __asm__ volatile("rep stosq; mov %3, %%rcx; rep stosb"
                     : "+D"(d), "+c"(q)
                     : "a"(v), "r"(r)
                     : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return 0;
    }
}

char *strrchr(const char *s, int c)
{
    const char *r = 0;
    for (;; s++) {
        if (*s == (char)c)
            r = s;
        if (!*s)
            return (char *)r;
    }
}

size_t strlcpy(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    size_t k = len < n - 1 ? len : n - 1;
    memcpy(dst, src, k);
    dst[k] = 0;
    return len;
}
