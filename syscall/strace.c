/* syscall/strace.c: `kiln run --strace`: each call, strace style, on stderr. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "lib/printf.h"
#include "include/linux/fs.h"
#include "syscall/strace_decode.h"
#include "syscall/uaccess.h"

/* name and strerror text (glibc's wording, which strace prints) */
static const struct {
    const char *name, *text;
} errnames[134] = {
    [EPERM] = {"EPERM", "Operation not permitted"},
    [ENOENT] = {"ENOENT", "No such file or directory"},
    [ESRCH] = {"ESRCH", "No such process"},
    [EINTR] = {"EINTR", "Interrupted system call"},
    [EIO] = {"EIO", "Input/output error"},
    [ENXIO] = {"ENXIO", "No such device or address"},
    [E2BIG] = {"E2BIG", "Argument list too long"},
    [ENOEXEC] = {"ENOEXEC", "Exec format error"},
    [EBADF] = {"EBADF", "Bad file descriptor"},
    [ECHILD] = {"ECHILD", "No child processes"},
    [EAGAIN] = {"EAGAIN", "Resource temporarily unavailable"},
    [ENOMEM] = {"ENOMEM", "Cannot allocate memory"},
    [EACCES] = {"EACCES", "Permission denied"},
    [EFAULT] = {"EFAULT", "Bad address"},
    [ENOTBLK] = {"ENOTBLK", "Block device required"},
    [EBUSY] = {"EBUSY", "Device or resource busy"},
    [EEXIST] = {"EEXIST", "File exists"},
    [EXDEV] = {"EXDEV", "Invalid cross-device link"},
    [ENODEV] = {"ENODEV", "No such device"},
    [ENOTDIR] = {"ENOTDIR", "Not a directory"},
    [EISDIR] = {"EISDIR", "Is a directory"},
    [EINVAL] = {"EINVAL", "Invalid argument"},
    [ENFILE] = {"ENFILE", "Too many open files in system"},
    [EMFILE] = {"EMFILE", "Too many open files"},
    [ENOTTY] = {"ENOTTY", "Inappropriate ioctl for device"},
    [ETXTBSY] = {"ETXTBSY", "Text file busy"},
    [EFBIG] = {"EFBIG", "File too large"},
    [ENOSPC] = {"ENOSPC", "No space left on device"},
    [ESPIPE] = {"ESPIPE", "Illegal seek"},
    [EROFS] = {"EROFS", "Read-only file system"},
    [EMLINK] = {"EMLINK", "Too many links"},
    [EPIPE] = {"EPIPE", "Broken pipe"},
    [EDOM] = {"EDOM", "Numerical argument out of domain"},
    [ERANGE] = {"ERANGE", "Numerical result out of range"},
    [EDEADLK] = {"EDEADLK", "Resource deadlock avoided"},
    [ENAMETOOLONG] = {"ENAMETOOLONG", "File name too long"},
    [ENOLCK] = {"ENOLCK", "No locks available"},
    [ENOSYS] = {"ENOSYS", "Function not implemented"},
    [ENOTEMPTY] = {"ENOTEMPTY", "Directory not empty"},
    [ELOOP] = {"ELOOP", "Too many levels of symbolic links"},
    [ENOMSG] = {"ENOMSG", "No message of desired type"},
    [EIDRM] = {"EIDRM", "Identifier removed"},
    [ENODATA] = {"ENODATA", "No data available"},
    [ETIME] = {"ETIME", "Timer expired"},
    [EOVERFLOW] = {"EOVERFLOW", "Value too large for defined data type"},
    [EBADFD] = {"EBADFD", "File descriptor in bad state"},
    [EILSEQ] = {"EILSEQ", "Invalid or incomplete multibyte or wide character"},
    [ENOTSOCK] = {"ENOTSOCK", "Socket operation on non-socket"},
    [EDESTADDRREQ] = {"EDESTADDRREQ", "Destination address required"},
    [EMSGSIZE] = {"EMSGSIZE", "Message too long"},
    [EPROTOTYPE] = {"EPROTOTYPE", "Protocol wrong type for socket"},
    [ENOPROTOOPT] = {"ENOPROTOOPT", "Protocol not available"},
    [EPROTONOSUPPORT] = {"EPROTONOSUPPORT", "Protocol not supported"},
    [ESOCKTNOSUPPORT] = {"ESOCKTNOSUPPORT", "Socket type not supported"},
    [EOPNOTSUPP] = {"EOPNOTSUPP", "Operation not supported"},
    [EPFNOSUPPORT] = {"EPFNOSUPPORT", "Protocol family not supported"},
    [EAFNOSUPPORT] = {"EAFNOSUPPORT", "Address family not supported by protocol"},
    [EADDRINUSE] = {"EADDRINUSE", "Address already in use"},
    [EADDRNOTAVAIL] = {"EADDRNOTAVAIL", "Cannot assign requested address"},
    [ENETDOWN] = {"ENETDOWN", "Network is down"},
    [ENETUNREACH] = {"ENETUNREACH", "Network is unreachable"},
    [ENETRESET] = {"ENETRESET", "Network dropped connection on reset"},
    [ECONNABORTED] = {"ECONNABORTED", "Software caused connection abort"},
    [ECONNRESET] = {"ECONNRESET", "Connection reset by peer"},
    [ENOBUFS] = {"ENOBUFS", "No buffer space available"},
    [EISCONN] = {"EISCONN", "Transport endpoint is already connected"},
    [ENOTCONN] = {"ENOTCONN", "Transport endpoint is not connected"},
    [ESHUTDOWN] = {"ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
    [ETIMEDOUT] = {"ETIMEDOUT", "Connection timed out"},
    [ECONNREFUSED] = {"ECONNREFUSED", "Connection refused"},
    [EHOSTDOWN] = {"EHOSTDOWN", "Host is down"},
    [EHOSTUNREACH] = {"EHOSTUNREACH", "No route to host"},
    [EALREADY] = {"EALREADY", "Operation already in progress"},
    [EINPROGRESS] = {"EINPROGRESS", "Operation now in progress"},
    [ESTALE] = {"ESTALE", "Stale file handle"},
    [EDQUOT] = {"EDQUOT", "Disk quota exceeded"},
    [ECANCELED] = {"ECANCELED", "Operation canceled"},
    [EOWNERDEAD] = {"EOWNERDEAD", "Owner died"},
    [ENOTRECOVERABLE] = {"ENOTRECOVERABLE", "State not recoverable"},
};

const char *errno_name(int err)
{
    return err > 0 && err < 134 ? errnames[err].name : 0;
}

/* The name strace gives an ioctl request or arch_prctl code, or NULL. */
static const char *code_name(unsigned nr, uint64_t v)
{
    static const struct {
        uint16_t nr;
        uint32_t code;
        const char *name;
    } codes[] = {
        {16, 0x5401, "TCGETS"},       {16, 0x5402, "TCSETS"},       {16, 0x5403, "TCSETSW"},
        {16, 0x5404, "TCSETSF"},      {16, 0x540e, "TIOCSCTTY"},    {16, 0x540f, "TIOCGPGRP"},
        {16, 0x5410, "TIOCSPGRP"},    {16, 0x5413, "TIOCGWINSZ"},   {16, 0x5414, "TIOCSWINSZ"},
        {16, 0x541b, "FIONREAD"},     {16, 0x5421, "FIONBIO"},      {16, 0x5450, "FIONCLEX"},
        {16, 0x5451, "FIOCLEX"},      {158, 0x1001, "ARCH_SET_GS"}, {158, 0x1002, "ARCH_SET_FS"},
        {158, 0x1003, "ARCH_GET_FS"}, {158, 0x1004, "ARCH_GET_GS"},
    };
    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (codes[i].nr == nr && codes[i].code == (uint32_t)v)
            return codes[i].name;
    return 0;
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
    case 'f':
        return strace_put_open_flags(buf, n, v);
    case 'x':
        return v ? snprintf(buf, n, "0x%lx", v) : snprintf(buf, n, "0");
    case 'P':
        return strace_put_prot(buf, n, v);
    case 'M':
        return strace_put_mapflags(buf, n, v);
    case 'A':
        return strace_put_atflags(buf, n, v);
    case 'w':
        return strace_put_whence(buf, n, v);
    case 'g':
        return strace_put_signal(buf, n, v);
    case 'h':
        return strace_put_sighow(buf, n, v);
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

/* The arguments of call nr, comma-separated, into buf; ret is its result
 * (buffers are shown only when it succeeded: then a read's bytes are in). */
static size_t put_args(char *buf, size_t n, unsigned nr, const uint64_t a[6], long ret)
{
    const char *fmt = nr < NR_SYSCALLS && syscall_table[nr].fn ? syscall_table[nr].args : "xxxxxx";
    size_t o = 0;
    for (int i = 0; fmt[i] && i < 6 && o < n; i++) {
        /* strace shows the mode of open only when it is used */
        if (fmt[i] == 'o' && i && fmt[i - 1] == 'f' && !(a[i - 1] & O_CREAT) &&
            (a[i - 1] & O_TMPFILE) != O_TMPFILE)
            break;
        if (i)
            o += snprintf(buf + o, n - o, ", ");
        if (o >= n)
            break;
        const char *code = (nr == 16 && i == 1) || (nr == 158 && !i) ? code_name(nr, a[i]) : 0;
        if (code)
            o += snprintf(buf + o, n - o, "%s", code); /* ioctl request, arch_prctl code */
        else if (fmt[i] == 'd' && fmt[i + 1] == 's' && (int)a[i] == -100)
            o += snprintf(buf + o, n - o, "AT_FDCWD"); /* a dirfd: d before a path */
        else if (fmt[i] == 'b' && ret >= 0 && i < 5)
            o += strace_put_buf(buf + o, n - o, a[i],
                                (uint64_t)ret < a[i + 1] ? (uint64_t)ret : a[i + 1]);
        else if (fmt[i] == 'v' && i < 5 && (nr == 20 /* writev */ || ret >= 0))
            o += strace_put_iovec(buf + o, n - o, a[i], a[i + 1],
                                  nr == 20 /* writev */ ? ~0ull : (uint64_t)ret);
        else if (fmt[i] == 'S' && ret >= 0)
            o += strace_put_stat(buf + o, n - o, a[i]);
        else if (fmt[i] == 'k' || (fmt[i] == 'K' && ret >= 0))
            o += strace_put_sigaction(buf + o, n - o, a[i]);
        else if (fmt[i] == 'm' || (fmt[i] == 'n' && ret >= 0))
            o += strace_put_sigset(buf + o, n - o, a[i]);
        else
            o += put_arg(buf + o, n - o, fmt[i], a[i]);
    }
    return o;
}

void strace_print(unsigned nr, const struct regs *r, long ret)
{
    const uint64_t a[6] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9};
    const char *name = syscall_name(nr);
    char buf[512];
    size_t o = 0;
    o += name ? snprintf(buf, sizeof(buf), "%s(", name)
              : snprintf(buf, sizeof(buf), "syscall_%u(", nr);
    if (o < sizeof(buf))
        o += put_args(buf + o, sizeof(buf) - o, nr, a, ret);
    if (o < sizeof(buf)) {
        int err = ret < 0 && ret > -4096 ? (int)-ret : 0;
        if (ret == STRACE_NORETURN)
            o += snprintf(buf + o, sizeof(buf) - o, ") = ?\n");
        else if (err && errno_name(err))
            o += snprintf(buf + o, sizeof(buf) - o, ") = -1 %s (%s)\n", errnames[err].name,
                          errnames[err].text);
        else if (err)
            o += snprintf(buf + o, sizeof(buf) - o, ") = -1 (errno %d)\n", err);
        else if ((unsigned long)ret > 0xffffffffu || nr == 9 || nr == 12 || nr == 25)
            /* an address (mmap, brk, mremap) */
            o += snprintf(buf + o, sizeof(buf) - o, ") = 0x%lx\n", ret);
        else
            o += snprintf(buf + o, sizeof(buf) - o, ") = %ld\n", ret);
    }
    console_write(2, buf, o < sizeof(buf) ? o : sizeof(buf) - 1);
}
