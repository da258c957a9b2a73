/* tests/inspect/uses_libkilnx.c: needs libkilnx.so, found through its
 * DT_RUNPATH ($ORIGIN/lib) -- or not, when the test removes it. */
#include <stdio.h>

int kilnx_answer(void);

int main(void)
{
    printf("answer %d\n", kilnx_answer());
    return 0;
}
