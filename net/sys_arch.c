/* net/sys_arch.c: what lwIP needs from the platform (NO_SYS): the time,
 * random numbers, memory, diagnostics. */
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "kernel/console.h"
#include "kernel/random.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"

u32_t sys_now(void)
{
    return (u32_t)(time_mono_ns() / 1000000);
}

uint32_t lwip_port_rand(void)
{
    uint32_t r;
    random_fill(&r, sizeof(r));
    return r;
}

void *lwip_port_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        return 0;
    return kzalloc(n * size);
}

int lwip_port_atoi(const char *s)
{
    int v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

void lwip_port_diag(const char *fmt, ...)
{
    /* LWIP_DEBUG is off: only lwIP's own warnings would come here */
    klog("lwip: %s\n", fmt);
}

void lwip_port_assert(const char *msg, const char *file, int line)
{
    panic("lwip: %s (%s:%d)", msg, file, line);
}
