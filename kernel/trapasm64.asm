; trapasm64.asm - x86_64 interrupt and exception entry stubs.
;
; One stub per vector 0-47 (32 CPU exceptions, 16 remapped PIC IRQs) pushes
; a zero error code where the CPU does not, then the vector number, and
; joins trap_common, which saves the general registers into a struct
; trapframe (kernel/trap.h) and calls trap(frame). Exceptions never return
; (trap prints a diagnostic and exits QEMU). IRQs do: for them the FPU/SSE
; (and AVX, via XSAVE) state is saved around the C handler, because the
; interrupted workload may have live vector registers. trap_vectors is the
; table trap.c loads into the IDT.

bits 64
section .text

extern trap
extern trap_fpu_mode                         ; 0 fxsave, 1 xsave (kernel/cpu.c)

%include "kernel/trapstubs.inc"              ; the stubs, trap_vectors

trap_common:
    push rax                                 ; general registers, in the order
    push rbx                                 ; of struct trapframe (reversed)
    push rcx                                 ; -
    push rdx                                 ; -
    push rsi                                 ; -
    push rdi                                 ; -
    push rbp                                 ; -
    push r8                                  ; -
    push r9                                  ; -
    push r10                                 ; -
    push r11                                 ; -
    push r12                                 ; -
    push r13                                 ; -
    push r14                                 ; -
    push r15                                 ; -
    cld                                      ; the C ABI expects DF clear
    mov rdi, rsp                             ; trap(frame)
    mov rbx, rsp                             ; callee-saved: frame survives the call
    cmp qword [rbx + 15 * 8], 32             ; vector < 32: an exception
    jb .exception                            ; which never returns
    and rsp, -64                             ; XSAVE needs a 64-byte aligned area
    sub rsp, 1024                            ; room for x87+SSE+AVX state (832 B)
    mov eax, 0xFFFFFFFF                      ; XSAVE mask: every enabled component
    mov edx, eax                             ; (high half of the mask)
    cmp byte [rel trap_fpu_mode], 1          ; did cpu.c enable XSAVE?
    je .xsave                                ; yes
    fxsave64 [rsp]                           ; no: x87 + SSE only
    jmp .call                                ; -
.xsave:
    xsave64 [rsp]                            ; x87, SSE and AVX state
.call:
    call trap                                ; handle the IRQ
    mov eax, 0xFFFFFFFF                      ; restore with the same mask
    mov edx, eax                             ; -
    cmp byte [rel trap_fpu_mode], 1          ; same choice as above
    je .xrstor                               ; -
    fxrstor64 [rsp]                          ; -
    jmp .restore                             ; -
.xrstor:
    xrstor64 [rsp]                           ; -
.restore:
    mov rsp, rbx                             ; back to the register frame
    pop r15                                  ; reverse of the pushes above
    pop r14                                  ; -
    pop r13                                  ; -
    pop r12                                  ; -
    pop r11                                  ; -
    pop r10                                  ; -
    pop r9                                   ; -
    pop r8                                   ; -
    pop rbp                                  ; -
    pop rdi                                  ; -
    pop rsi                                  ; -
    pop rdx                                  ; -
    pop rcx                                  ; -
    pop rbx                                  ; -
    pop rax                                  ; -
    add rsp, 16                              ; drop vector and error code
    iretq                                    ; resume the interrupted code

.exception:
    and rsp, -16                             ; ABI stack alignment for the call
    call trap                                ; prints the diagnostic, exits QEMU
.hang:
    cli                                      ; trap() is noreturn; never get here
    hlt                                      ; -
    jmp .hang                                ; -

section .rodata
align 8
TRAP_VECTORS dq
