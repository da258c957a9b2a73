/* kernel/console.c: output to the monitor's UART ports, and the VM exit. */
#include "kernel/console.h"
#include "drivers/drivers.h"
#include "arch/x86_64/cpu.h"
#include "include/kiln_abi.h"
#include "lib/printf.h"
#include "vfs/vfs.h"

int console_verbose;
int console_wport;

void console_write(int fd, const void *buf, size_t n)
{
    if (n)
        outsb(fd == 2 ? KILN_PORT_STDERR : KILN_PORT_STDOUT, buf, n);
}

static void vkprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    console_write(2, buf, n < (int)sizeof(buf) ? n : sizeof(buf) - 1);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    return 0;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    kprintf("kiln: kernel panic: ");
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    console_exit(125);
}

void console_exit(int status)
{
    uint8_t b = status;
    vfs_export_all(); /* -v volumes back to the host (vfs/export.c) */
    drivers_quiesce(); /* frames still queued in a NIC go out first */
    outsb(KILN_PORT_STATUS, &b, 1);
    outl(KILN_PORT_EXIT, status & 0xff);
    cpu_halt_forever();
    __builtin_unreachable();
}
