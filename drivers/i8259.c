/* drivers/i8259.c: the PC's legacy interrupt controllers, silenced (see drivers/i8259.h). */
#include "drivers/i8259.h"
#include "arch/x86_64/cpu.h"

#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

void i8259_off(void)
{
    outb(PIC1_DATA, 0xff); /* the interrupt mask registers (OCW1) */
    outb(PIC2_DATA, 0xff);
}
