; entry64.asm - x86_64 kernel entry: 32-bit multiboot start, long-mode switch.
;
; QEMU's -kernel loader (and GRUB) start us in 32-bit protected mode with
; paging off, EAX = multiboot magic and EBX = the info structure. mb_entry
; checks that the CPU has long mode, enables SSE (the x86_64 ABI lets the
; compiler use it anywhere), loads the static identity map of the first GiB,
; sets EFER.LME and paging, and far-jumps into 64-bit code. Fluid's own
; stage 2 already runs in long mode and enters at fluid_entry instead, which
; swaps in this kernel's GDT and page tables. Both reach kernel_start, which
; zeroes .bss, sets the stack and calls kmain(magic, info).

%include "boot/defs.inc"

bits 32
section .text.boot

global mb_entry
mb_entry:
    cli                                      ; no IDT yet: interrupts would triple-fault
    mov edi, eax                             ; keep the loader magic for kmain
    mov esi, ebx                             ; keep the multiboot info pointer
    mov eax, 0x80000000                      ; CPUID: highest extended leaf
    cpuid                                    ; -> EAX
    cmp eax, 0x80000001                      ; is the long-mode leaf there at all?
    jb .no_long_mode                         ; no: cannot run a 64-bit kernel
    mov eax, 0x80000001                      ; CPUID: extended features
    cpuid                                    ; -> EDX bit 29 = long mode
    test edx, 1 << 29                        ; LM available?
    jz .no_long_mode                         ; no: report instead of faulting
    mov eax, pml4                            ; the static identity map (below)
    mov cr3, eax                             ; paging uses it once enabled
    mov eax, cr4                             ; enable PAE (required by long mode)
    or eax, (1 << 5) | (1 << 9) | (1 << 10)  ; PAE, OSFXSR, OSXMMEXCPT: SSE usable
    mov cr4, eax                             ; commit
    mov ecx, 0xC0000080                      ; IA32_EFER
    rdmsr                                    ; read-modify-write
    or eax, 1 << 8                           ; LME: long mode on next paging enable
    wrmsr                                    ; commit
    mov eax, cr0                             ; paging + FPU control bits
    and eax, ~(1 << 2)                       ; clear EM: no x87 emulation trap
    or eax, (1 << 31) | (1 << 16) | (1 << 5) | (1 << 1) ; PG, WP, NE, MP
    mov cr0, eax                             ; now in compatibility mode
    lgdt [gdt64_pointer]                     ; 64-bit code segment descriptor
    jmp GDT64_CODE:kernel_start              ; far jump: CS.L=1, 64-bit mode

.no_long_mode:
    mov esi, no_long_mode_message            ; explain on the serial line
.print:
    lodsb                                    ; next message byte
    test al, al                              ; end of string?
    jz .exit                                 ; yes: leave QEMU
    mov dx, COM1                             ; transmit register
    out dx, al                               ; QEMU's UART needs no init to send
    jmp .print                               ; and the next byte
.exit:
    mov dx, DEBUG_EXIT_PORT                  ; isa-debug-exit
    mov eax, EXIT_CPU                        ; status: CPU lacks a needed feature
    out dx, eax                              ; QEMU exits with (4 << 1) | 1
.halt:
    hlt                                      ; without isa-debug-exit: stop here
    jmp .halt                                ; (an NMI would resume the hlt)

bits 64
global fluid_entry
fluid_entry:
    cli                                      ; stage 2 left interrupts off; be sure
    mov edi, eax                             ; loader magic, as for multiboot
    mov esi, ebx                             ; loader-built info structure
    lgdt [gdt64_pointer]                     ; our GDT: stage 2's is about to go
    mov rax, pml4                            ; our page tables
    mov cr3, rax                             ; (same identity map, our memory)
    mov rax, cr4                             ; SSE enable bits, as in mb_entry
    or rax, (1 << 9) | (1 << 10)             ; OSFXSR, OSXMMEXCPT
    mov cr4, rax                             ; commit
    mov rax, cr0                             ; x87 set-up bits
    and rax, ~(1 << 2)                       ; clear EM
    or rax, (1 << 16) | (1 << 5) | (1 << 1)  ; WP, NE, MP
    mov cr0, rax                             ; commit
    push GDT64_CODE                          ; reload CS from our GDT
    mov rax, kernel_start                    ; far return target
    push rax                                 ; RIP for retfq
    retfq                                    ; pops RIP then CS

kernel_start:
    mov ax, GDT64_DATA                       ; flat data segment
    mov ds, ax                               ; data
    mov es, ax                               ; string destination (rep stosb)
    mov ss, ax                               ; stack
    xor ax, ax                               ; FS/GS unused: null selectors
    mov fs, ax                               ; -
    mov gs, ax                               ; -
    mov r12d, edi                            ; rep stosb below clobbers EDI
    mov rdi, __bss_start                     ; zero .bss ourselves: not every
    mov rcx, __bss_end                       ; loader does, and C expects it
    sub rcx, rdi                             ; byte count
    xor eax, eax                             ; fill value
    cld                                      ; count upwards
    rep stosb                                ; (the stack is in .bss: not used yet)
    mov rsp, boot_stack_top                  ; 16-byte aligned kernel stack
    xor ebp, ebp                             ; terminate frame-pointer chains
    mov edi, r12d                            ; kmain(magic,
    call kmain                               ;       info in ESI)
.halt:
    cli                                      ; kmain never returns; if it did,
    hlt                                      ; stop quietly rather than run off
    jmp .halt                                ; the end of the code

extern kmain
extern __bss_start
extern __bss_end

section .rodata
no_long_mode_message:
    db "boot: this CPU has no long mode; the x86_64 kernel cannot run", 13, 10, 0

GDT64_CODE equ 0x08                          ; selector of the 64-bit code segment
GDT64_DATA equ 0x10                          ; selector of the flat data segment
align 16
gdt64:
    dq 0                                     ; null descriptor
    dq 0x00AF9A000000FFFF                    ; code: present, ring 0, L=1
    dq 0x00CF92000000FFFF                    ; data: present, writable, flat
gdt64_end:
gdt64_pointer:
    dw gdt64_end - gdt64 - 1                 ; limit
    dq gdt64                                 ; base (lgdt in 32-bit mode reads 4 bytes)

; Identity map of the first GiB with 2 MiB pages. Everything the kernel
; touches lives there; any address above 1 GiB is a page fault, which the
; page-fault diagnostic relies on.
section .data
align 4096
pml4:
    dq pdpt + 0x3                            ; present, writable
    times 511 dq 0                           ; nothing else mapped
pdpt:
    dq page_directory + 0x3                  ; first GiB
    times 511 dq 0                           ; nothing above 1 GiB
page_directory:
%assign i 0
%rep 512
    dq (i << 21) | 0x83                      ; present, writable, 2 MiB page
%assign i i + 1
%endrep

BOOT_STACK
