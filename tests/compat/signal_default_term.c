/* signal_default_term: raise(SIGTERM) with the default action ends the
 * program at once with status 128+15 = 143; nothing after it runs. */
#include "common.h"
#include <signal.h>

int main(void)
{
    printf("before raise(SIGTERM)\n");
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
