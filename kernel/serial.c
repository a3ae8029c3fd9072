/* serial.c - COM1 at 115200 baud, 8N1: the kernel's only output device.
 *
 * serial_init programs the 16550 UART once at boot (before the first
 * message); serial_putc then polls the transmit-holding-register-empty bit,
 * so output works with interrupts off, inside exception handlers and during
 * the profile export. Nothing here is instrumented: the exporter writes the
 * profile through these functions and must not profile itself.
 */
#include "defs.h"
#include "x86.h"

#define COM1 0x3f8
#define UART_DATA (COM1 + 0)
#define UART_INTERRUPT_ENABLE (COM1 + 1)
#define UART_FIFO_CONTROL (COM1 + 2)
#define UART_LINE_CONTROL (COM1 + 3)
#define UART_MODEM_CONTROL (COM1 + 4)
#define UART_LINE_STATUS (COM1 + 5)
#define LINE_STATUS_THR_EMPTY 0x20
#define LINE_CONTROL_DLAB 0x80
#define BAUD_DIVISOR 1 /* 115200 / 115200 */

NOINSTR void serial_init(void) {
  outb(UART_INTERRUPT_ENABLE, 0x00); /* polled: no UART interrupts */
  outb(UART_LINE_CONTROL, LINE_CONTROL_DLAB);
  outb(UART_DATA, BAUD_DIVISOR & 0xff);
  outb(UART_INTERRUPT_ENABLE, BAUD_DIVISOR >> 8);
  outb(UART_LINE_CONTROL, 0x03);  /* 8 data bits, no parity, 1 stop bit */
  outb(UART_FIFO_CONTROL, 0xc7);  /* enable and clear FIFOs */
  outb(UART_MODEM_CONTROL, 0x03); /* DTR, RTS */
}

NOINSTR void serial_putc(char c) {
  /* Bounded wait: a missing UART must not hang a panic message forever. */
  for (int spins = 0; spins < 100000; spins++)
    if (inb(UART_LINE_STATUS) & LINE_STATUS_THR_EMPTY)
      break;
  outb(UART_DATA, (uint8_t)c);
}

/* Bytes go out unchanged (no \n -> \r\n): the profile's byte count and
 * CRC are computed over exactly what the host reads from the log. */
NOINSTR void serial_write(const char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++)
    serial_putc(bytes[i]);
}
