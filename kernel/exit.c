/* kernel/exit.c: ending the program.  With one process, its end is the end
 * of the VM: the wait status becomes the exit status a shell would show. */
#include "kernel/task.h"
#include "kernel/console.h"
#include "mm/mm.h"

void process_exit(int wstatus)
{
    int sig = wstatus & 0x7f;
    klog("kiln: exit: %lu page faults\n", mm_fault_count);
    console_exit(sig ? 128 + sig : (wstatus >> 8) & 0xff);
}
