; stage1.asm - Fluid's master boot record: loads stage 2 and jumps to it.
;
; The BIOS loads this sector to 0x7C00 and jumps here in 16-bit real mode
; with DL = boot drive. Stage 1 sets up segments and a stack, checks for the
; INT 13h extensions (LBA addressing), reads STAGE2_SECTORS sectors from LBA
; 1 to STAGE2_ADDRESS and jumps there, DL still holding the drive. Errors
; are printed on COM1 and end QEMU through isa-debug-exit (status 7).

%include "boot/defs.inc"

bits 16
org 0x7C00

start:
    cli                                      ; no interrupts while SS:SP is invalid
    xor ax, ax                               ; segment 0 for everything
    mov ds, ax                               ; data
    mov es, ax                               ; extra (INT 13h buffer segment)
    mov ss, ax                               ; stack segment
    mov sp, 0x7C00                           ; stack grows down below this sector
    sti                                      ; the BIOS disk services need IRQs
    cld                                      ; string ops count upwards
    jmp 0:.flush                             ; normalise CS:IP to 0000:7Cxx
.flush:
    mov [boot_drive], dl                     ; the BIOS passes the drive in DL
    mov ah, 0x41                             ; INT 13h: extensions present?
    mov bx, 0x55AA                           ; required signature
    int 0x13                                 ; CF clear + BX=AA55 if present
    jc .no_lba                               ; no LBA: this loader cannot work
    cmp bx, 0xAA55                           ; signature echoed back?
    jne .no_lba                              ; -
    mov si, stage2_packet                    ; disk address packet below
    mov ah, 0x42                             ; INT 13h: extended read
    mov dl, [boot_drive]                     ; from the boot drive
    int 0x13                                 ; read stage 2
    jc .read_error                           ; CF set: the read failed
    mov dl, [boot_drive]                     ; stage 2 wants the drive too
    jmp 0:STAGE2_ADDRESS                     ; enter stage 2

.no_lba:
    mov si, no_lba_message                   ; explain
    jmp fail                                 ; -
.read_error:
    mov si, read_error_message               ; explain
fail:
    lodsb                                    ; next message byte
    test al, al                              ; end of string?
    jz .exit                                 ; -
    mov dx, COM1                             ; serial transmit register
    out dx, al                               ; QEMU's UART sends without set-up
    jmp fail                                 ; -
.exit:
    mov dx, DEBUG_EXIT_PORT                  ; isa-debug-exit
    mov ax, EXIT_LOADER                      ; status 7: the loader failed
    out dx, ax                               ; QEMU exits here
.halt:
    cli                                      ; on real hardware: stop
    hlt                                      ; -
    jmp .halt                                ; -

align 4
stage2_packet:
    db 16                                    ; packet size
    db 0                                     ; reserved
    dw STAGE2_SECTORS                        ; sectors to read
    dw STAGE2_ADDRESS                        ; buffer offset
    dw 0                                     ; buffer segment
    dq 1                                     ; first LBA: right after the MBR

boot_drive: db 0
no_lba_message: db "fluid-boot: stage 1: BIOS has no INT 13h extensions", 13, 10, 0
read_error_message: db "fluid-boot: stage 1: cannot read stage 2", 13, 10, 0

    times 510 - ($ - $$) db 0                ; pad to the signature
    dw 0xAA55                                ; BIOS boot signature
