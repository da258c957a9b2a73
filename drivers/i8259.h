/* drivers/i8259.h: the PC's legacy interrupt controllers, silenced. */
#ifndef KILN_DRIVERS_I8259_H
#define KILN_DRIVERS_I8259_H

/* Mask every input of both 8259s.  On QEMU pc and q35 the firmware
 * (SeaBIOS) leaves them on, with the PIT's IRQ 0 at vector 8; kiln uses
 * the LAPIC and IOAPIC only, so the first tick would arrive as a "double
 * fault".  Two port writes; harmless where there are no 8259s. */
void i8259_off(void);

#endif
