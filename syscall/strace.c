/* syscall/strace.c: `kiln run --strace`: each call, strace style, on stderr. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "lib/printf.h"
#include "syscall/uaccess.h"

static const char *const errnames[134] = {
    [EPERM] = "EPERM",
    [ENOENT] = "ENOENT",
    [ESRCH] = "ESRCH",
    [EINTR] = "EINTR",
    [EIO] = "EIO",
    [ENXIO] = "ENXIO",
    [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF",
    [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN",
    [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES",
    [EFAULT] = "EFAULT",
    [ENOTBLK] = "ENOTBLK",
    [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV",
    [ENODEV] = "ENODEV",
    [ENOTDIR] = "ENOTDIR",
    [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL",
    [ENFILE] = "ENFILE",
    [EMFILE] = "EMFILE",
    [ENOTTY] = "ENOTTY",
    [ETXTBSY] = "ETXTBSY",
    [EFBIG] = "EFBIG",
    [ENOSPC] = "ENOSPC",
    [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS",
    [EMLINK] = "EMLINK",
    [EPIPE] = "EPIPE",
    [EDOM] = "EDOM",
    [ERANGE] = "ERANGE",
    [EDEADLK] = "EDEADLK",
    [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOLCK] = "ENOLCK",
    [ENOSYS] = "ENOSYS",
    [ENOTEMPTY] = "ENOTEMPTY",
    [ELOOP] = "ELOOP",
    [ENOMSG] = "ENOMSG",
    [EIDRM] = "EIDRM",
    [ENODATA] = "ENODATA",
    [ETIME] = "ETIME",
    [EOVERFLOW] = "EOVERFLOW",
    [EBADFD] = "EBADFD",
    [EILSEQ] = "EILSEQ",
    [ENOTSOCK] = "ENOTSOCK",
    [EDESTADDRREQ] = "EDESTADDRREQ",
    [EMSGSIZE] = "EMSGSIZE",
    [EPROTOTYPE] = "EPROTOTYPE",
    [ENOPROTOOPT] = "ENOPROTOOPT",
    [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
    [ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT",
    [EOPNOTSUPP] = "EOPNOTSUPP",
    [EPFNOSUPPORT] = "EPFNOSUPPORT",
    [EAFNOSUPPORT] = "EAFNOSUPPORT",
    [EADDRINUSE] = "EADDRINUSE",
    [EADDRNOTAVAIL] = "EADDRNOTAVAIL",
    [ENETDOWN] = "ENETDOWN",
    [ENETUNREACH] = "ENETUNREACH",
    [ENETRESET] = "ENETRESET",
    [ECONNABORTED] = "ECONNABORTED",
    [ECONNRESET] = "ECONNRESET",
    [ENOBUFS] = "ENOBUFS",
    [EISCONN] = "EISCONN",
    [ENOTCONN] = "ENOTCONN",
    [ESHUTDOWN] = "ESHUTDOWN",
    [ETIMEDOUT] = "ETIMEDOUT",
    [ECONNREFUSED] = "ECONNREFUSED",
    [EHOSTDOWN] = "EHOSTDOWN",
    [EHOSTUNREACH] = "EHOSTUNREACH",
    [EALREADY] = "EALREADY",
    [EINPROGRESS] = "EINPROGRESS",
    [ESTALE] = "ESTALE",
    [EDQUOT] = "EDQUOT",
    [ECANCELED] = "ECANCELED",
    [EOWNERDEAD] = "EOWNERDEAD",
    [ENOTRECOVERABLE] = "ENOTRECOVERABLE",
};

const char *errno_name(int err)
{
    return err > 0 && err < 134 ? errnames[err] : 0;
}

static int put_arg(char *buf, size_t n, char kind, uint64_t v)
{
    char s[64];
    long len;
    switch (kind) {
    case 'd':
        return snprintf(buf, n, "%d", (int)v);
    case 'u':
        return snprintf(buf, n, "%lu", v);
    case 'o':
        return snprintf(buf, n, "0%lo", v);
    case 's':
        len = strncpy_from_user(s, (const char *)v, sizeof(s));
        if (len >= 0)
            return snprintf(buf, n, "\"%s\"", s);
        if (len == -ENAMETOOLONG)
            return snprintf(buf, n, "\"%.*s\"...", (int)sizeof(s) - 1, s);
        /* fall through: print the bad pointer */
        __attribute__((fallthrough));
    default:
        return v ? snprintf(buf, n, "0x%lx", v) : snprintf(buf, n, "NULL");
    }
}

void strace_print(unsigned nr, const struct regs *r, long ret)
{
    const uint64_t a[6] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9};
    const char *name = syscall_name(nr);
    const char *fmt = nr < NR_SYSCALLS && syscall_table[nr].fn ? syscall_table[nr].args : "xxxxxx";
    char buf[512];
    size_t o = 0;
    o += name ? snprintf(buf, sizeof(buf), "%s(", name) : snprintf(buf, sizeof(buf), "syscall_%u(", nr);
    for (int i = 0; fmt[i] && i < 6 && o < sizeof(buf); i++) {
        if (i)
            o += snprintf(buf + o, sizeof(buf) - o, ", ");
        if (o < sizeof(buf))
            o += put_arg(buf + o, sizeof(buf) - o, fmt[i], a[i]);
    }
    if (o < sizeof(buf)) {
        const char *e = ret < 0 && ret > -4096 ? errno_name(-ret) : 0;
        if (e)
            o += snprintf(buf + o, sizeof(buf) - o, ") = -1 %s\n", e);
        else if (ret < 0 && ret > -4096)
            o += snprintf(buf + o, sizeof(buf) - o, ") = -1 (errno %ld)\n", -ret);
        else if ((unsigned long)ret > 0xffffffffu)
            o += snprintf(buf + o, sizeof(buf) - o, ") = 0x%lx\n", ret);
        else
            o += snprintf(buf + o, sizeof(buf) - o, ") = %ld\n", ret);
    }
    console_write(2, buf, o < sizeof(buf) ? o : sizeof(buf) - 1);
}
