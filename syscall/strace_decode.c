/* syscall/strace_decode.c: --strace's decoders of arguments strace shows by
 * value (see strace_decode.h); strace.c picks them by format letter. */
#include "syscall/strace_decode.h"
#include "include/linux/fs.h"
#include "lib/printf.h"
#include "syscall/uaccess.h"

struct bit_name {
    uint32_t bits;
    const char *name;
};

/* The names of the bits set in v, '|'-separated, then unknown bits in hex;
 * zero when v is 0. */
static int put_bits(char *buf, size_t n, uint64_t v, const struct bit_name *t, unsigned count,
                    const char *zero)
{
    size_t o = 0;
    if (!v)
        return snprintf(buf, n, "%s", zero);
    for (unsigned i = 0; i < count && o < n; i++) {
        if ((v & t[i].bits) != t[i].bits)
            continue;
        v &= ~(uint64_t)t[i].bits;
        o += snprintf(buf + o, n - o, "%s%s", o ? "|" : "", t[i].name);
    }
    if (v && o < n)
        o += snprintf(buf + o, n - o, "%s0x%lx", o ? "|" : "", v);
    return o;
}

#define PUT_BITS(buf, n, v, t, zero) put_bits(buf, n, v, t, sizeof(t) / sizeof(t[0]), zero)

static int put_addr(char *buf, size_t n, uint64_t v)
{
    return v ? snprintf(buf, n, "0x%lx", v) : snprintf(buf, n, "NULL");
}

/* Open flags as strace writes them: the access mode, then each flag
 * (O_SYNC and O_TMPFILE whole, as they include O_DSYNC and O_DIRECTORY),
 * then any unknown bits in hex. */
int strace_put_open_flags(char *buf, size_t n, uint64_t v)
{
    static const struct {
        uint32_t bits;
        const char *name;
    } flags[] = {
        {O_CREAT, "O_CREAT"},       {O_EXCL, "O_EXCL"},           {O_NOCTTY, "O_NOCTTY"},
        {O_TRUNC, "O_TRUNC"},       {O_APPEND, "O_APPEND"},       {O_NONBLOCK, "O_NONBLOCK"},
        {O_SYNC, "O_SYNC"},         {O_DSYNC, "O_DSYNC"},         {O_ASYNC, "O_ASYNC"},
        {O_DIRECT, "O_DIRECT"},     {O_LARGEFILE, "O_LARGEFILE"}, {O_DIRECTORY, "O_DIRECTORY"},
        {O_NOFOLLOW, "O_NOFOLLOW"}, {O_NOATIME, "O_NOATIME"},     {O_CLOEXEC, "O_CLOEXEC"},
        {O_PATH, "O_PATH"},         {O_TMPFILE, "O_TMPFILE"},
    };
    static const char *const modes[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    uint64_t left = v & ~(uint64_t)O_ACCMODE;
    size_t o = snprintf(buf, n, "%s", modes[v & O_ACCMODE]);
    if ((left & O_TMPFILE) == O_TMPFILE)
        left &= ~(uint64_t)O_DIRECTORY; /* printed as part of O_TMPFILE below */
    for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]) && o < n; i++) {
        if ((left & flags[i].bits) != flags[i].bits)
            continue;
        if (flags[i].bits == O_TMPFILE)
            left |= O_DIRECTORY;
        left &= ~(uint64_t)flags[i].bits;
        o += snprintf(buf + o, n - o, "|%s", flags[i].name);
    }
    if (left && o < n)
        o += snprintf(buf + o, n - o, "|0x%lx", left);
    return o;
}

/* strace escapes \t \n \v \f \r \" \\, other bytes outside printable ASCII
 * in octal (three digits when a digit follows). */
int strace_put_buf(char *buf, size_t n, uint64_t v, uint64_t len)
{
    unsigned char s[32];
    size_t k = len < sizeof(s) ? len : sizeof(s), o = 0;
    if (copy_from_user(s, (const void *)v, k))
        return put_addr(buf, n, v);
    o += snprintf(buf, n, "\"");
    for (size_t i = 0; i < k && o + 5 < n; i++) {
        const char *esc = "\t\\t\n\\n\v\\v\f\\f\r\\r\"\\\"\\\\\\";
        unsigned char c = s[i];
        for (; *esc && *esc != c; esc += 3)
            ;
        if (*esc && c)
            o += snprintf(buf + o, n - o, "%.2s", esc + 1);
        else if (c >= ' ' && c < 0x7f)
            buf[o++] = c;
        else if (i + 1 < k && s[i + 1] >= '0' && s[i + 1] <= '7')
            o += snprintf(buf + o, n - o, "\\%03o", c); /* a digit follows */
        else
            o += snprintf(buf + o, n - o, "\\%o", c);
    }
    if (o < n)
        o += snprintf(buf + o, n - o, len > k ? "\"..." : "\"");
    return o;
}

/* a hex number as strace writes one inside makedev(): 0 bare */
static int put_hex0(char *buf, size_t n, uint64_t v)
{
    return v ? snprintf(buf, n, "0x%lx", v) : snprintf(buf, n, "0");
}

int strace_put_stat(char *buf, size_t n, uint64_t v)
{
    static const char *const types[16] = {
        [1] = "S_IFIFO", [2] = "S_IFCHR",  [4] = "S_IFDIR",   [6] = "S_IFBLK",
        [8] = "S_IFREG", [10] = "S_IFLNK", [12] = "S_IFSOCK",
    };
    static const struct bit_name special[] = {
        {S_ISUID, "S_ISUID"}, {S_ISGID, "S_ISGID"}, {S_ISVTX, "S_ISVTX"}};
    struct linux_stat st;
    if (copy_from_user(&st, (const void *)v, sizeof(st)))
        return put_addr(buf, n, v);
    const char *type = types[(st.st_mode & S_IFMT) >> 12];
    size_t o = type ? snprintf(buf, n, "{st_mode=%s|", type)
                    : snprintf(buf, n, "{st_mode=0%o|", st.st_mode & S_IFMT);
    for (unsigned i = 0; i < 3 && o < n; i++)
        if (st.st_mode & special[i].bits)
            o += snprintf(buf + o, n - o, "%s|", special[i].name);
    if (o < n) /* strace: 0644, and 000 for no permissions */
        o += snprintf(buf + o, n - o, (st.st_mode & 0777) ? "0%o" : "000", st.st_mode & 0777);
    if (o < n && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        uint64_t d = st.st_rdev;
        o += snprintf(buf + o, n - o, ", st_rdev=makedev(");
        if (o < n)
            o += put_hex0(buf + o, n - o, ((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffull));
        if (o < n)
            o += snprintf(buf + o, n - o, ", ");
        if (o < n)
            o += put_hex0(buf + o, n - o, (d & 0xff) | ((d >> 12) & ~0xffull));
        if (o < n)
            o += snprintf(buf + o, n - o, ")");
    } else if (o < n) {
        o += snprintf(buf + o, n - o, ", st_size=%ld", st.st_size);
    }
    if (o < n)
        o += snprintf(buf + o, n - o, ", ...}");
    return o;
}

int strace_put_iovec(char *buf, size_t n, uint64_t v, uint64_t cnt, uint64_t total)
{
    struct {
        uint64_t base, len;
    } iov;
    if (cnt && copy_from_user(&iov, (const void *)v, sizeof(iov)))
        return put_addr(buf, n, v);
    size_t o = snprintf(buf, n, "[");
    for (uint64_t i = 0; i < cnt && o < n; i++) {
        if (i == 32) { /* strace's limit on array elements */
            o += snprintf(buf + o, n - o, ", ...");
            break;
        }
        if (copy_from_user(&iov, (const void *)(v + i * sizeof(iov)), sizeof(iov))) {
            o += snprintf(buf + o, n - o, ", ...");
            break;
        }
        uint64_t show = iov.len < total ? iov.len : total;
        total -= show;
        o += snprintf(buf + o, n - o, "%s{iov_base=", i ? ", " : "");
        if (o < n)
            o += strace_put_buf(buf + o, n - o, iov.base, show);
        if (o < n)
            o += snprintf(buf + o, n - o, ", iov_len=%lu}", iov.len);
    }
    if (o < n)
        o += snprintf(buf + o, n - o, "]");
    return o;
}

int strace_put_prot(char *buf, size_t n, uint64_t v)
{
    static const struct bit_name t[] = {{1, "PROT_READ"},
                                        {2, "PROT_WRITE"},
                                        {4, "PROT_EXEC"},
                                        {0x1000000, "PROT_GROWSDOWN"},
                                        {0x2000000, "PROT_GROWSUP"}};
    return PUT_BITS(buf, n, v, t, "PROT_NONE");
}

int strace_put_mapflags(char *buf, size_t n, uint64_t v)
{
    static const char *const types[4] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
    static const struct bit_name t[] = {
        {0x10, "MAP_FIXED"},      {0x20, "MAP_ANONYMOUS"},
        {0x40, "MAP_32BIT"},      {0x100, "MAP_GROWSDOWN"},
        {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"},
        {0x2000, "MAP_LOCKED"},   {0x4000, "MAP_NORESERVE"},
        {0x8000, "MAP_POPULATE"}, {0x10000, "MAP_NONBLOCK"},
        {0x20000, "MAP_STACK"},   {0x40000, "MAP_HUGETLB"},
        {0x80000, "MAP_SYNC"},    {0x100000, "MAP_FIXED_NOREPLACE"},
    };
    size_t o = snprintf(buf, n, "%s", types[v & 3]);
    if ((v & ~3ull) && o < n) {
        buf[o++] = '|';
        o += PUT_BITS(buf + o, n - o, v & ~3ull, t, "0");
    }
    return o;
}

int strace_put_atflags(char *buf, size_t n, uint64_t v)
{
    static const struct bit_name t[] = {{AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"},
                                        {0x800, "AT_NO_AUTOMOUNT"},
                                        {AT_EMPTY_PATH, "AT_EMPTY_PATH"}};
    return PUT_BITS(buf, n, v, t, "0");
}

int strace_put_whence(char *buf, size_t n, uint64_t v)
{
    static const char *const names[5] = {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA",
                                         "SEEK_HOLE"};
    return v < 5 ? snprintf(buf, n, "%s", names[v]) : snprintf(buf, n, "0x%lx /* SEEK_??? */", v);
}

/* ---- signals ---- */

static const char *const signames[32] = {
    0,      "HUP",  "INT",  "QUIT", "ILL",    "TRAP",   "ABRT",  "BUS",  "FPE",  "KILL", "USR1",
    "SEGV", "USR2", "PIPE", "ALRM", "TERM",   "STKFLT", "CHLD",  "CONT", "STOP", "TSTP", "TTIN",
    "TTOU", "URG",  "XCPU", "XFSZ", "VTALRM", "PROF",   "WINCH", "IO",   "PWR",  "SYS",
};

/* signal sig's name as strace writes it, with prefix ("SIG" or "") */
static int put_signame(char *buf, size_t n, const char *prefix, uint64_t sig)
{
    if (sig && sig < 32)
        return snprintf(buf, n, "%s%s", prefix, signames[sig]);
    if (sig == 32)
        return snprintf(buf, n, "%sRTMIN", prefix);
    if (sig > 32 && sig <= 64)
        return snprintf(buf, n, "%sRT_%lu", prefix, sig - 32);
    return snprintf(buf, n, "%lu", sig);
}

int strace_put_signal(char *buf, size_t n, uint64_t v)
{
    return put_signame(buf, n, "SIG", v);
}

/* A 64-signal mask: [INT TERM], or ~[...] of the signals not in it when
 * two thirds or more are (strace's rule). */
static int put_mask(char *buf, size_t n, uint64_t mask)
{
    size_t o = 0;
    if (__builtin_popcountll(mask) >= 42) {
        mask = ~mask;
        buf[o++] = '~';
    }
    if (o < n)
        o += snprintf(buf + o, n - o, "[");
    for (unsigned sig = 1; sig <= 64 && o < n; sig++) {
        if (!(mask >> (sig - 1) & 1))
            continue;
        if (buf[o - 1] != '[')
            buf[o++] = ' ';
        if (o < n)
            o += put_signame(buf + o, n - o, "", sig);
    }
    if (o < n)
        o += snprintf(buf + o, n - o, "]");
    return o;
}

int strace_put_sigset(char *buf, size_t n, uint64_t v)
{
    uint64_t mask;
    if (!v || copy_from_user(&mask, (const void *)v, sizeof(mask)))
        return put_addr(buf, n, v);
    return put_mask(buf, n, mask);
}

int strace_put_sigaction(char *buf, size_t n, uint64_t v)
{
    static const struct bit_name t[] = {
        {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},   {0x10000000, "SA_RESTART"},
        {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"}, {4, "SA_SIGINFO"},
        {1, "SA_NOCLDSTOP"},         {2, "SA_NOCLDWAIT"},
    };
    struct {
        uint64_t handler, flags, restorer, mask;
    } sa;
    if (!v || copy_from_user(&sa, (const void *)v, sizeof(sa)))
        return put_addr(buf, n, v);
    size_t o =
        sa.handler > 1
            ? snprintf(buf, n, "{sa_handler=0x%lx, sa_mask=", sa.handler)
            : snprintf(buf, n, "{sa_handler=%s, sa_mask=", sa.handler ? "SIG_IGN" : "SIG_DFL");
    if (o < n)
        o += put_mask(buf + o, n - o, sa.mask);
    if (o < n)
        o += snprintf(buf + o, n - o, ", sa_flags=");
    if (o < n)
        o += PUT_BITS(buf + o, n - o, sa.flags, t, "0");
    if (o < n && (sa.flags & 0x04000000))
        o += snprintf(buf + o, n - o, ", sa_restorer=0x%lx", sa.restorer);
    if (o < n)
        o += snprintf(buf + o, n - o, "}");
    return o;
}

int strace_put_sighow(char *buf, size_t n, uint64_t v)
{
    static const char *const names[3] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};
    return v < 3 ? snprintf(buf, n, "%s", names[v]) : snprintf(buf, n, "0x%lx /* SIG_??? */", v);
}
