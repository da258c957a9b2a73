/* host/inspect_sys.c: kiln's syscall list as the host tool sees it.
 *
 * Built from the kernel's own lists at compile time -- syscall/syscalls.def
 * (what kiln implements, and how) and syscall/linux_syscalls.h (every Linux
 * x86-64 name) -- so the two sides cannot drift apart.
 */
#include <stddef.h>
#include "host/inspect.h"

enum { KIND_REAL = 1, KIND_FAKE, KIND_NOSYS };
#define REAL KIND_REAL
#define FAKE KIND_FAKE
#define NOSYS KIND_NOSYS

static const unsigned char inspect_kinds[INSPECT_NR_MAX] = {
#define SYSCALL(name, nr, handler, fmt, kind) [nr] = kind,
#include "syscall/syscalls.def"
#undef SYSCALL
};

static const char *const inspect_names[INSPECT_NR_MAX] = {
#define LINUX_SYSCALL(name, nr) [nr] = #name,
#include "syscall/linux_syscalls.h"
#undef LINUX_SYSCALL
};

const char *inspect_sys_kind(unsigned nr)
{
    if (nr >= INSPECT_NR_MAX)
        return "missing";
    switch (inspect_kinds[nr]) {
    case KIND_REAL:
        return "implemented";
    case KIND_FAKE:
        return "faked";
    case KIND_NOSYS:
        return "enosys";
    }
    return "missing";
}

const char *inspect_sys_name(unsigned nr)
{
    return nr < INSPECT_NR_MAX ? inspect_names[nr] : NULL;
}
