/* sysinfo_sanity: sysinfo succeeds with plausible values (RAM present, free
 * below total, unit set, at least one process, uptime not negative);
 * sysconf page size is 4096 and there is at least one CPU online. */
#include "common.h"
#include <sys/sysinfo.h>

int main(void)
{
    struct sysinfo si;
    SHOW(sysinfo(&si));
    SAY(si.totalram > 0);
    SAY(si.freeram <= si.totalram);
    SAY(si.mem_unit >= 1);
    SAY(si.procs >= 1);
    SAY(si.uptime >= 0);
    printf("page size %ld\n", sysconf(_SC_PAGESIZE));
    SAY(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    SAY(sysconf(_SC_NPROCESSORS_CONF) >= 1);
    SAY(sysconf(_SC_PHYS_PAGES) > 0);
    SHOW(syscall(SYS_sysinfo, NULL));
    return 0;
}
