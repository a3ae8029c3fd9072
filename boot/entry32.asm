; entry32.asm - i386 kernel entry from multiboot or from Fluid's stage 2.
;
; Both loaders leave us in flat 32-bit protected mode with paging off,
; EAX = loader magic and EBX = info structure. mb_entry zeroes .bss, loads
; the kernel's own GDT, turns on paging with 4 MiB pages mapping the first
; GiB (so that a page-fault diagnostic has something unmapped to hit) and
; calls kmain(magic, info). SSE is enabled later in C (kernel/cpu.c) only if
; CPUID offers it: the i386 kernel is built for i686 and does not need it.

%include "boot/defs.inc"

bits 32
section .text.boot

global mb_entry
global fluid_entry
mb_entry:
fluid_entry:
    cli                                      ; no IDT yet
    mov ebp, eax                             ; rep stosb clobbers EAX/EDI
    mov edx, ebx                             ; keep the info pointer
    mov edi, __bss_start                     ; zero .bss: the stack lives there
    mov ecx, __bss_end                       ; -
    sub ecx, edi                             ; byte count
    xor eax, eax                             ; fill value
    cld                                      ; count upwards
    rep stosb                                ; -
    lgdt [gdt32_pointer]                     ; the loader's GDT may be anywhere
    jmp GDT32_CODE:.reload                   ; far jump reloads CS
.reload:
    mov ax, GDT32_DATA                       ; flat data segment
    mov ds, ax                               ; -
    mov es, ax                               ; -
    mov ss, ax                               ; -
    xor ax, ax                               ; FS/GS unused
    mov fs, ax                               ; -
    mov gs, ax                               ; -
    mov eax, cr4                             ; 4 MiB pages need PSE
    or eax, 1 << 4                           ; CR4.PSE
    mov cr4, eax                             ; commit
    mov eax, page_directory                  ; identity map of the first GiB
    mov cr3, eax                             ; -
    mov eax, cr0                             ; paging + x87 control
    and eax, ~(1 << 2)                       ; clear EM: no x87 emulation trap
    or eax, (1 << 31) | (1 << 16) | (1 << 5) | (1 << 1) ; PG, WP, NE, MP
    mov cr0, eax                             ; paging on (identity: EIP stays valid)
    mov esp, boot_stack_top                  ; kernel stack
    xor ecx, ecx                             ; terminate frame-pointer chains
    push edx                                 ; kmain(magic, info): cdecl,
    push ebp                                 ; arguments right to left
    xor ebp, ebp                             ; -
    call kmain                               ; never returns
.halt:
    cli                                      ; if it did, stop quietly
    hlt                                      ; -
    jmp .halt                                ; -

extern kmain
extern __bss_start
extern __bss_end

section .rodata
GDT32_CODE equ 0x08                          ; flat 32-bit code selector
GDT32_DATA equ 0x10                          ; flat data selector
align 16
gdt32:
    dq 0                                     ; null descriptor
    dq 0x00CF9A000000FFFF                    ; code: present, ring 0, 32-bit, 4 GiB
    dq 0x00CF92000000FFFF                    ; data: present, writable, 4 GiB
gdt32_end:
gdt32_pointer:
    dw gdt32_end - gdt32 - 1                 ; limit
    dd gdt32                                 ; base

; Page directory: 256 4 MiB pages identity-map the first GiB; the rest is
; unmapped so that a stray pointer faults instead of reading garbage.
section .data
align 4096
page_directory:
%assign i 0
%rep 256
    dd (i << 22) | 0x83                      ; present, writable, 4 MiB page
%assign i i + 1
%endrep
    times 768 dd 0                           ; above 1 GiB: not present

BOOT_STACK
