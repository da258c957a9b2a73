/* exit_status_truncated_to_byte: _exit(0x1234) reports 0x34, as Linux keeps
 * only the low 8 bits; raw exit_group bypasses stdio (unflushed output is
 * lost). */
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
    printf("this stays in the buffer and is lost");
    syscall(SYS_exit_group, 0x1234);
    return 0;
}
