/* host/vmm/uart.c: the three output-only 8250 UARTs: stdout, stderr and the status byte.
 *
 * Only what a kernel writing with `rep outsb` needs: bytes written to the
 * transmit register go out, the line status register always says "idle"
 * (THR empty), and the divisor latch (LCR bit 7) is honoured so that a
 * driver programming the baud rate prints nothing.  Nothing is ever
 * received (stdin is future work).
 */
#include <errno.h>
#include <string.h>
#include "include/kiln_abi.h"
#include "host/out.h"
#include "host/vmm/io.h"

#define UART_THR 0 /* transmit holding register (divisor low with DLAB) */
#define UART_DLM 1 /* divisor high with DLAB */
#define UART_LCR 3
#define UART_LCR_DLAB 0x80

enum { UART_STDOUT, UART_STDERR, UART_STATUS };

/* Element i of an access, as a byte: its low byte (ports are 8-bit). */
static uint8_t uart_byte(const struct vmm_io *io, uint32_t i)
{
    return io->data[i * io->size];
}

static void uart_transmit(struct vmm *vm, int idx, const struct vmm_io *io)
{
    uint8_t buf[256];
    uint32_t i, n = 0;

    if (idx == UART_STATUS) {
        vm->status = uart_byte(io, io->count - 1);
        return;
    }
    if (io->size == 1) {
        out_write(idx == UART_STDOUT ? 1 : 2, io->data, io->count);
        return;
    }
    for (i = 0; i < io->count; i++) {
        buf[n++] = uart_byte(io, i);
        if (n == sizeof(buf) || i + 1 == io->count) {
            out_write(idx == UART_STDOUT ? 1 : 2, buf, n);
            n = 0;
        }
    }
}

static int uart_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    struct vmm_uart *u = &vm->uart[p->idx];
    unsigned reg = io->port - p->base;
    int dlab = u->lcr & UART_LCR_DLAB;

    if (!io->out) {
        uint8_t v = reg == KILN_UART_LSR_OFF ? KILN_UART_LSR_IDLE : reg == UART_LCR ? u->lcr : 0;
        memset(io->data, 0, (size_t)io->size * io->count);
        for (uint32_t i = 0; i < io->count; i++)
            io->data[i * io->size] = v;
        return VMM_IO_CONTINUE;
    }
    if (reg == UART_THR && !dlab)
        uart_transmit(vm, p->idx, io);
    else if (reg == UART_LCR)
        u->lcr = uart_byte(io, io->count - 1);
    return VMM_IO_CONTINUE; /* IER, FCR, MCR, scratch, divisor: nothing to do */
}

VMM_PORT(com1, .name = "COM1 (stdout)", .base = KILN_PORT_STDOUT, .len = 8, .idx = UART_STDOUT,
         .io = uart_io);
VMM_PORT(com2, .name = "COM2 (stderr)", .base = KILN_PORT_STDERR, .len = 8, .idx = UART_STDERR,
         .io = uart_io);
VMM_PORT(com3, .name = "COM3 (status)", .base = KILN_PORT_STATUS, .len = 8, .idx = UART_STATUS,
         .io = uart_io);
