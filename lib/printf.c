/* lib/printf.c: a small vsnprintf for the kernel. */
#include "lib/printf.h"
#include "lib/string.h"

struct out {
    char *buf;
    size_t n, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->n)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, int width, int len, char c)
{
    for (; width > len; width--)
        put(o, c);
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct out o = {buf, n, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        int left = 0, zero = 0, width = 0, prec = -1, lng = 0;
        for (fmt++;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '0')
                zero = 1;
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            prec = 0;
            fmt++;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            }
            while (*fmt >= '0' && *fmt <= '9')
                prec = prec * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
            if (*fmt != 'h')
                lng++;
            fmt++;
        }
        char tmp[24];
        int k = 0, neg = 0;
        unsigned long long v;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = prec >= 0 ? (int)strnlen(s, prec) : (int)strlen(s);
            if (!left)
                pad(&o, width, len, ' ');
            for (int i = 0; i < len; i++)
                put(&o, s[i]);
            if (left)
                pad(&o, width, len, ' ');
            continue;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            continue;
        case '%':
            put(&o, '%');
            continue;
        case 'd':
        case 'i': {
            long long s = lng ? va_arg(ap, long long) : va_arg(ap, int);
            neg = s < 0;
            v = neg ? -(unsigned long long)s : (unsigned long long)s;
            do
                tmp[k++] = '0' + v % 10;
            while (v /= 10);
            break;
        }
        case 'u':
            v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            do
                tmp[k++] = '0' + v % 10;
            while (v /= 10);
            break;
        case 'o':
            v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            do
                tmp[k++] = '0' + (v & 7);
            while (v >>= 3);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            lng = 1;
            /* fall through */
        case 'x':
        case 'X':
            v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            do
                tmp[k++] = (*fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef")[v & 15];
            while (v >>= 4);
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            if (!*fmt)
                fmt--;
            continue;
        }
        int len = k + neg;
        if (!left && !zero)
            pad(&o, width, len, ' ');
        if (neg)
            put(&o, '-');
        if (!left && zero)
            pad(&o, width, len, '0');
        while (k)
            put(&o, tmp[--k]);
        if (left)
            pad(&o, width, len, ' ');
    }
    if (n)
        o.buf[o.len < n ? o.len : n - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

void textbuf_put(struct textbuf *t, const char *fmt, ...)
{
    va_list ap;
    size_t room = t->len < t->cap ? t->cap - t->len : 0;

    va_start(ap, fmt);
    t->len += vsnprintf(room ? t->buf + t->len : 0, room, fmt, ap);
    va_end(ap);
}
