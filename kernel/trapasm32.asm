; trapasm32.asm - i386 interrupt and exception entry stubs.
;
; Same shape as trapasm64.asm: one stub per vector 0-47 pushes a dummy error
; code where the CPU does not, then the vector, then trap_common saves the
; registers with pushad into a struct trapframe (kernel/trap.h) and calls
; trap(frame). For IRQs the FPU state is saved around the handler with
; fxsave when the CPU has FXSR (kernel/cpu.c sets trap_fpu_mode), else fnsave.

bits 32
section .text

extern trap
extern trap_fpu_mode                         ; 0 fnsave, 1 fxsave (kernel/cpu.c)

%include "kernel/trapstubs.inc"              ; the stubs, trap_vectors

trap_common:
    pushad                                   ; eax ecx edx ebx esp ebp esi edi
    cld                                      ; the C ABI expects DF clear
    mov ebx, esp                             ; frame pointer, callee-saved
    cmp dword [ebx + 8 * 4], 32              ; vector < 32: an exception
    jb .exception                            ; which never returns
    and esp, -16                             ; FXSAVE needs 16-byte alignment
    sub esp, 512                             ; FXSAVE area (FNSAVE uses 108 B)
    cmp byte [trap_fpu_mode], 1              ; FXSR available and enabled?
    je .fxsave                               ; yes
    fnsave [esp]                             ; x87 only (pre-SSE CPUs)
    jmp .call                                ; -
.fxsave:
    fxsave [esp]                             ; x87 + SSE
.call:
    sub esp, 12                              ; keep 16-byte alignment at the call
    push ebx                                 ; trap(frame)
    call trap                                ; handle the IRQ
    add esp, 16                              ; drop argument and padding
    cmp byte [trap_fpu_mode], 1              ; same choice as above
    je .fxrstor                              ; -
    frstor [esp]                             ; -
    jmp .restore                             ; -
.fxrstor:
    fxrstor [esp]                            ; -
.restore:
    mov esp, ebx                             ; back to the register frame
    popad                                    ; reverse of pushad
    add esp, 8                               ; drop vector and error code
    iretd                                    ; resume the interrupted code

.exception:
    and esp, -16                             ; ABI stack alignment
    sub esp, 12                              ; - (argument makes 16)
    push ebx                                 ; trap(frame)
    call trap                                ; prints the diagnostic, exits QEMU
.hang:
    cli                                      ; never reached: trap is noreturn
    hlt                                      ; -
    jmp .hang                                ; -

section .rodata
align 4
TRAP_VECTORS dd
