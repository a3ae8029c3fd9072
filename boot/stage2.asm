; stage2.asm - Fluid's second-stage loader: kernel from disk to 1 MiB.
;
; Stage 1 jumps here (real mode, DL = boot drive). Stage 2 enables the A20
; line (BIOS, then port 0x92, then the keyboard controller), reads the
; kernel image with INT 13h LBA reads into a low buffer (KERNEL_BUFFER, at
; most KERNEL_MAX_BYTES), checks its 'FLUD' header (boot/header.asm), builds
; a multiboot-style info structure carrying the command line, loads a GDT
; and enters 32-bit protected mode. There it copies the image to its load
; address and zeroes .bss. A header asking for long mode (the x86_64 kernel)
; gets identity page tables, PAE, EFER.LME and paging, and is entered in
; 64-bit mode; the i386 kernel is entered in 32-bit mode. Either way EAX =
; FLUID_LOADER_MAGIC and EBX = the info structure.
;
; boot/mkimage.py patches the parameter block below: the kernel's first LBA
; and sector count, and the command line after the 'FLUIDCMD' tag (which
; scripts/qemu-run also finds to boot an image with another command line).

%include "boot/defs.inc"

CMDLINE_CAPACITY equ 512                     ; bytes, including the final NUL
BOOT_INFO        equ 0x0600                  ; info structure (free low memory)
PAGE_TABLES      equ 0x1000                  ; PML4, PDPT, PD: 0x1000-0x3FFF
READ_CHUNK       equ 64                      ; sectors per INT 13h call (32 KiB)

bits 16
org STAGE2_ADDRESS

stage2_start:
    jmp main16                               ; skip the parameter block
    times 8 - ($ - $$) db 0                  ; block at a fixed offset (8)
    db "FLUIDPRM"                            ; tag mkimage.py searches for
kernel_lba:     dd 0                         ; first sector of kernel.bin
kernel_sectors: dd 0                         ; its length in sectors
    db "FLUIDCMD"                            ; tag for the command line
    dw CMDLINE_CAPACITY                      ; so patchers know the room
cmdline:
    times CMDLINE_CAPACITY db 0              ; NUL-terminated command line

main16:
    mov [boot_drive], dl                     ; keep the drive for the reads
    mov si, hello_message                    ; say where we are
    call print16                             ; -
    call enable_a20                          ; memory above 1 MiB must not wrap
    mov eax, [kernel_sectors]                ; size check before reading
    test eax, eax                            ; an unpatched image has 0
    jz .no_kernel                            ; -
    cmp eax, KERNEL_MAX_BYTES / 512          ; would it overrun the buffer?
    ja .too_big                              ; (mkimage.py refuses this too)
    call read_kernel                         ; kernel.bin -> KERNEL_BUFFER
    push es                                  ; check the header via ES
    mov ax, KERNEL_BUFFER >> 4               ; segment of the buffer
    mov es, ax                               ; -
    cmp dword [es:FLUID_HEADER_OFFSET], FLUID_HEADER_MAGIC ; 'FLUD'?
    pop es                                   ; -
    jne .no_header                           ; not a Fluid kernel
    mov dword [BOOT_INFO], 1 << 2            ; info flags: cmdline is valid
    mov dword [BOOT_INFO + 16], cmdline      ; info->cmdline (linear address)
    cli                                      ; no BIOS from here on
    lgdt [gdt_pointer]                       ; flat code/data + 64-bit code
    mov eax, cr0                             ; enter protected mode
    or eax, 1                                ; CR0.PE
    mov cr0, eax                             ; -
    jmp GDT_CODE32:protected_mode            ; far jump loads a 32-bit CS

.no_kernel:
    mov si, no_kernel_message                ; image built without a kernel
    jmp fail16                               ; -
.too_big:
    mov si, too_big_message                  ; refuse rather than overwrite memory
    jmp fail16                               ; -
.no_header:
    mov si, no_header_message                ; wrong file at kernel_lba
    jmp fail16                               ; -

; Reads kernel_sectors sectors from kernel_lba to KERNEL_BUFFER.
read_kernel:
    mov ebx, [kernel_lba]                    ; next LBA to read
    mov ecx, [kernel_sectors]                ; sectors left
    mov word [packet_segment], KERNEL_BUFFER >> 4 ; destination segment
.next:
    mov eax, ecx                             ; this chunk: min(left, READ_CHUNK)
    cmp eax, READ_CHUNK                      ; -
    jbe .sized                               ; -
    mov eax, READ_CHUNK                      ; -
.sized:
    mov [packet_count], ax                   ; sectors in this call
    mov [packet_lba], ebx                    ; from here
    push eax                                 ; INT 13h may clobber registers
    push ebx                                 ; -
    push ecx                                 ; -
    mov si, packet                           ; DS:SI -> disk address packet
    mov ah, 0x42                             ; extended read
    mov dl, [boot_drive]                     ; boot drive
    int 0x13                                 ; read
    pop ecx                                  ; -
    pop ebx                                  ; -
    pop eax                                  ; -
    jc .error                                ; CF: the BIOS failed the read
    add ebx, eax                             ; advance the LBA
    sub ecx, eax                             ; fewer left
    shl ax, 5                                ; sectors * 512 / 16 = paragraphs
    add [packet_segment], ax                 ; advance the buffer
    test ecx, ecx                            ; done?
    jnz .next                                ; no: next chunk
    ret                                      ; -
.error:
    mov si, read_error_message               ; explain
    jmp fail16                               ; -

; A20: try the BIOS, then the fast gate (port 0x92), then the 8042.
enable_a20:
    call a20_is_on                           ; QEMU usually starts with it on
    jnz .done                                ; -
    mov ax, 0x2401                           ; INT 15h: enable A20
    int 0x15                                 ; -
    call a20_is_on                           ; did it work?
    jnz .done                                ; -
    in al, 0x92                              ; system control port A
    or al, 2                                 ; bit 1: A20
    and al, 0xFE                             ; bit 0 would reset the machine
    out 0x92, al                             ; -
    call a20_is_on                           ; -
    jnz .done                                ; -
    call wait_8042                           ; keyboard controller method
    mov al, 0xD1                             ; command: write output port
    out 0x64, al                             ; -
    call wait_8042                           ; -
    mov al, 0xDF                             ; output port value with A20 set
    out 0x60, al                             ; -
    call wait_8042                           ; -
    call a20_is_on                           ; -
    jnz .done                                ; -
    mov si, a20_message                      ; every method failed
    jmp fail16                               ; -
.done:
    ret                                      ; -

wait_8042:
    in al, 0x64                              ; controller status
    test al, 2                               ; input buffer still full?
    jnz wait_8042                            ; yes: wait
    ret                                      ; -

; ZF clear when A20 is on: 0000:0500 and FFFF:0510 are different bytes.
a20_is_on:
    push ds                                  ; -
    push es                                  ; -
    xor ax, ax                               ; ES = 0x0000
    mov es, ax                               ; -
    not ax                                   ; DS = 0xFFFF
    mov ds, ax                               ; -
    mov al, [es:0x0500]                      ; save both bytes
    mov ah, [ds:0x0510]                      ; -
    mov byte [es:0x0500], 0x00               ; write different values
    mov byte [ds:0x0510], 0xFF               ; (same byte if A20 wraps)
    cmp byte [es:0x0500], 0xFF               ; did the second write wrap?
    mov [ds:0x0510], ah                      ; restore (flags unaffected)
    mov [es:0x0500], al                      ; -
    pop es                                   ; -
    pop ds                                   ; -
    jne .on                                  ; no wrap: A20 is on
    xor ax, ax                               ; ZF = 1: off
    ret                                      ; -
.on:
    or ax, 1                                 ; ZF = 0: on
    ret                                      ; -

; Prints the NUL-terminated string at DS:SI on COM1.
print16:
    lodsb                                    ; next byte
    test al, al                              ; end?
    jz .done                                 ; -
    mov dx, COM1 + 5                         ; line status register
    mov ah, al                               ; keep the byte
.wait:
    in al, dx                                ; transmitter empty?
    test al, 0x20                            ; -
    jz .wait                                 ; not yet
    mov al, ah                               ; -
    mov dx, COM1                             ; transmit register
    out dx, al                               ; send
    jmp print16                              ; -
.done:
    ret                                      ; -

fail16:
    call print16                             ; the message in SI
    mov dx, DEBUG_EXIT_PORT                  ; isa-debug-exit
    mov ax, EXIT_LOADER                      ; status 7: the loader failed
    out dx, ax                               ; QEMU exits
.halt:
    cli                                      ; real hardware: stop here
    hlt                                      ; -
    jmp .halt                                ; -

bits 32
protected_mode:
    mov ax, GDT_DATA                         ; flat data everywhere
    mov ds, ax                               ; -
    mov es, ax                               ; -
    mov ss, ax                               ; -
    mov fs, ax                               ; -
    mov gs, ax                               ; -
    mov esp, 0x7C00                          ; same stack as real mode
    mov ebx, KERNEL_BUFFER + FLUID_HEADER_OFFSET ; the kernel's header
    mov ecx, [ebx + 16]                      ; load_end
    sub ecx, [ebx + 12]                      ; - load_start = bytes to copy
    mov eax, [kernel_sectors]                ; bytes actually read
    shl eax, 9                               ; sectors * 512
    cmp ecx, eax                             ; header claims more than we read?
    ja .truncated                            ; the image is cut short
    mov esi, KERNEL_BUFFER                   ; copy from the buffer
    mov edi, [ebx + 12]                      ; to load_start (1 MiB)
    cld                                      ; -
    rep movsb                                ; copy the file-backed part
    mov ecx, [ebx + 20]                      ; bss_end
    sub ecx, edi                             ; - load_end = .bss size
    jbe .bss_done                            ; no .bss (or a bogus header): skip
    xor eax, eax                             ; zero it
    rep stosb                                ; -
.bss_done:
    test dword [ebx + 4], FLUID_FLAG_LONG    ; 64-bit kernel?
    jnz .long_mode                           ; yes
    mov eax, FLUID_LOADER_MAGIC              ; i386 kernel: enter in 32-bit mode
    mov ecx, [ebx + 8]                       ; entry address
    mov ebx, BOOT_INFO                       ; info structure
    jmp ecx                                  ; into the kernel

.long_mode:
    mov eax, 0x80000000                      ; highest extended CPUID leaf
    cpuid                                    ; -
    cmp eax, 0x80000001                      ; long-mode leaf present?
    jb .no_long_mode                         ; -
    mov eax, 0x80000001                      ; extended features
    cpuid                                    ; EDX bit 29: long mode
    test edx, 1 << 29                        ; -
    jz .no_long_mode                         ; -
    mov edi, PAGE_TABLES                     ; clear PML4, PDPT and PD
    mov ecx, 3 * 4096 / 4                    ; dwords
    xor eax, eax                             ; -
    rep stosd                                ; -
    mov dword [PAGE_TABLES], PAGE_TABLES + 0x1003 ; PML4[0] -> PDPT
    mov dword [PAGE_TABLES + 0x1000], PAGE_TABLES + 0x2003 ; PDPT[0] -> PD
    mov edi, PAGE_TABLES + 0x2000            ; PD: 512 x 2 MiB = first GiB
    mov eax, 0x83                            ; present, writable, 2 MiB page
    mov ecx, 512                             ; entries
.fill:
    mov [edi], eax                           ; low half of the entry
    add eax, 1 << 21                         ; next 2 MiB
    add edi, 8                               ; next entry (high half stays 0)
    loop .fill                               ; -
    mov eax, PAGE_TABLES                     ; CR3 -> PML4
    mov cr3, eax                             ; -
    mov eax, cr4                             ; PAE (required for long mode)
    or eax, 1 << 5                           ; -
    mov cr4, eax                             ; -
    mov ecx, 0xC0000080                      ; IA32_EFER
    rdmsr                                    ; -
    or eax, 1 << 8                           ; LME
    wrmsr                                    ; -
    mov eax, cr0                             ; paging on: long mode active
    or eax, 1 << 31                          ; CR0.PG
    mov cr0, eax                             ; -
    jmp GDT_CODE64:long_mode                 ; 64-bit code segment

.truncated:
    mov esi, truncated_message               ; header and image disagree
    jmp fail32                               ; -
.no_long_mode:
    mov esi, no_long_mode_message            ; x86_64 kernel, 32-bit CPU
    mov ax, EXIT_CPU                         ; same status as the kernel's guard
    jmp fail32.with_status                   ; -

fail32:
    mov ax, EXIT_LOADER                      ; status 7: the loader failed
.with_status:
    mov bx, ax                               ; keep the status
.print:
    lodsb                                    ; next byte
    test al, al                              ; end?
    jz .exit                                 ; -
    mov dx, COM1                             ; transmit register
    out dx, al                               ; -
    jmp .print                               ; -
.exit:
    mov ax, bx                               ; the status
    mov dx, DEBUG_EXIT_PORT                  ; isa-debug-exit
    out dx, ax                               ; QEMU exits
.halt:
    hlt                                      ; -
    jmp .halt                                ; -

bits 64
long_mode:
    mov eax, FLUID_LOADER_MAGIC              ; as for the 32-bit entry
    mov ecx, [KERNEL_BUFFER + FLUID_HEADER_OFFSET + 8] ; 64-bit entry address
    mov ebx, BOOT_INFO                       ; info structure
    jmp rcx                                  ; into the kernel (upper half zero)

align 8
gdt:
    dq 0                                     ; null descriptor
    dq 0x00CF9A000000FFFF                    ; 0x08: 32-bit code, flat
    dq 0x00CF92000000FFFF                    ; 0x10: data, flat
    dq 0x00AF9A000000FFFF                    ; 0x18: 64-bit code
gdt_end:
gdt_pointer:
    dw gdt_end - gdt - 1                     ; limit
    dd gdt                                   ; base
GDT_CODE32 equ 0x08
GDT_DATA   equ 0x10
GDT_CODE64 equ 0x18

align 4
packet:
    db 16                                    ; disk address packet size
    db 0                                     ; reserved
packet_count:   dw 0                         ; sectors
packet_offset:  dw 0                         ; buffer offset (always 0)
packet_segment: dw 0                         ; buffer segment
packet_lba:     dq 0                         ; first sector

boot_drive: db 0
hello_message:       db "fluid-boot: stage 2: loading the kernel", 10, 0
no_kernel_message:   db "fluid-boot: no kernel in this image", 10, 0
too_big_message:     db "fluid-boot: kernel larger than the 512 KiB load buffer", 10, 0
no_header_message:   db "fluid-boot: no FLUD header: not a Fluid kernel", 10, 0
read_error_message:  db "fluid-boot: disk read error", 10, 0
a20_message:         db "fluid-boot: cannot enable the A20 line", 10, 0
truncated_message:   db "fluid-boot: kernel header claims more bytes than the image has", 10, 0
no_long_mode_message: db "fluid-boot: this CPU has no long mode; the x86_64 kernel cannot run", 10, 0

    times STAGE2_SECTORS * 512 - ($ - $$) db 0 ; fill the reserved sectors
