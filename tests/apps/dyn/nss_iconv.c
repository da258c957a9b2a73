/* tests/apps/dyn/nss_iconv.c: what glibc loads at run time, which no
 * DT_NEEDED names: the passwd and hosts databases through NSS, and an
 * iconv conversion through a gconv module (CP1252, not built in).  Run
 * with kiln run --with-nss. */
#include <iconv.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
    struct passwd *pw = getpwnam("root");
    printf("getpwnam(root): %s uid %d home %s\n", pw ? pw->pw_name : "(none)", pw ? (int)pw->pw_uid : -1,
           pw ? pw->pw_dir : "-");
    pw = getpwuid(0);
    printf("getpwuid(0): %s\n", pw ? pw->pw_name : "(none)");

    iconv_t cd = iconv_open("CP1252", "UTF-8");
    if (cd == (iconv_t)-1) {
        perror("iconv_open CP1252");
        return 1;
    }
    char in[] = "caf\xc3\xa9 \xe2\x82\xac", out[16] = {0}, *ip = in, *op = out;
    size_t il = strlen(in), ol = sizeof(out) - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    printf("iconv: %zd, bytes", (ssize_t)r);
    for (char *p = out; p < op; p++)
        printf(" %02x", (unsigned char)*p);
    printf("\n");
    iconv_close(cd);
    return 0;
}
