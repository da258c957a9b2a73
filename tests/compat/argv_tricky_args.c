/* argv_tricky_args: arguments with spaces, quotes, an empty string,
 * backslashes, a leading dash, glob and shell characters and UTF-8 reach the
 * program byte for byte, argv[argc] is NULL; argv[0] is as typed. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    printf("argv[0] ends with argv_tricky_args: %d\n", strstr(argv[0], "argv_tricky_args") != NULL);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] len %zu [", i, strlen(argv[i]));
        for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
            printf(*p >= 0x20 && *p < 0x7f ? "%c" : "\\x%02x", *p);
        printf("]\n");
    }
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    return 0;
}
