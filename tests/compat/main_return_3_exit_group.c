/* main_return_3_exit_group: returning 3 from main goes through exit() and
 * exit_group, running atexit handlers in reverse order first. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit first registered, runs last\n"); }
static void second(void) { printf("atexit second registered, runs first\n"); }

int main(void)
{
    atexit(first);
    atexit(second);
    printf("returning 3\n");
    return 3;
}
