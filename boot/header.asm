; header.asm - the multiboot header and Fluid's own boot header.
;
; Both sit at the very start of the kernel image (section .multiboot, placed
; first by kernel/kernel.ld). The multiboot header sets the "a.out kludge"
; flag and gives load addresses explicitly, so QEMU's -kernel loader takes
; them instead of parsing the ELF: that is what lets the x86_64 kernel (an
; ELF64 file) boot through a loader that only accepts 32-bit ELF images.
; The Fluid header at offset 32 tells boot/stage2.asm where to copy the
; image and which entry to jump to, in which CPU mode.

%include "boot/defs.inc"

extern __load_start                          ; first byte of the image (linker script)
extern __load_end                            ; end of the file-backed part
extern __bss_end                             ; end of zero-filled memory
extern mb_entry                              ; 32-bit multiboot entry (entry32/64.asm)
extern fluid_entry                           ; the entry stage 2 jumps to

section .multiboot
align 4
global mb_header
mb_header:
    dd MB_MAGIC                              ; multiboot 1 signature
    dd MB_FLAGS                              ; memory info + a.out kludge addresses
    dd -(MB_MAGIC + MB_FLAGS)                ; magic + flags + checksum = 0
    dd mb_header                             ; header_addr: where this header lands
    dd __load_start                          ; load_addr: image start in memory
    dd __load_end                            ; load_end_addr: end of file data
    dd __bss_end                             ; bss_end_addr: loader zeroes up to here
    dd mb_entry                              ; entry_addr: 32-bit protected mode entry

; Offset 32: the Fluid boot header (layout shared with stage2.asm, defs.inc).
global fluid_header
fluid_header:
    dd FLUID_HEADER_MAGIC                    ; 'FLUD': stage 2 refuses anything else
    dd FLUID_HEADER_FLAGS                    ; bit 0: enter in long mode (x86_64)
    dd fluid_entry                           ; entry address for stage 2
    dd __load_start                          ; where stage 2 copies the image
    dd __load_end                            ; end of file-backed bytes
    dd __bss_end                             ; stage 2 zeroes up to here
