# Baseline x86-64 code (SSE2 at most): clean on every 64-bit model.
	.text
	.globl	add_vectors
	.type	add_vectors,@function
add_vectors:
	movdqu	(%rdi), %xmm0
	paddd	(%rsi), %xmm0
	movdqu	%xmm0, (%rdi)
	leaq	(%rdi,%rsi), %rax
	retq
	.size	add_vectors, .-add_vectors
