/* An assembler-with-cpp input: --fluid-instrument must not add flags that
   clang would call unused for it. */
#define VALUE 42
  .globl answer
answer:
  movl $VALUE, %eax
  ret
  .section .note.GNU-stack,"",@progbits
