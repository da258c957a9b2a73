/* env_getenv_from_cli: variables given on the command line (-e KEY=VAL,
 * natively env -i) are visible through getenv with exact values, including
 * spaces, '=' and an empty value; unset names are NULL; setenv/unsetenv work
 * in-process.  The environment is never printed wholesale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static void show(const char *k)
{
    const char *v = getenv(k);
    printf("%s=%s%s%s\n", k, v ? "[" : "(unset)", v ? v : "", v ? "]" : "");
}

int main(int argc, char **argv, char **envp)
{
    show("KILN_GREETING");
    show("KILN_EQUALS");
    show("KILN_EMPTY");
    show("KILN_UTF8");
    show("KILN_NOT_SET");
    printf("PATH set: %d\n", getenv("PATH") != NULL);
    printf("envp == environ: %d\n", envp == environ);
    int n = 0, has_kiln = 0;
    for (char **e = envp; *e; e++, n++)
        has_kiln += strncmp(*e, "KILN_", 5) == 0;
    printf("KILN_ entries: %d\n", has_kiln);
    printf("envp follows argv: %d\n", envp == argv + argc + 1);
    setenv("KILN_NEW", "added", 1);
    show("KILN_NEW");
    unsetenv("KILN_GREETING");
    show("KILN_GREETING");
    return 0;
}
