# Hand-written code with one instruction of each kind fluid-audit must find
# on Haswell: AVX-512 (no TCG model runs EVEX), an AVX2 gather (QEMU 7.2's
# gather bug) and, on qemu64, lzcnt (runs there as bsr).
	.text
	.globl	uses_zmm
	.type	uses_zmm,@function
uses_zmm:
	vpaddd	%zmm1, %zmm0, %zmm0
	retq
	.size	uses_zmm, .-uses_zmm

	.globl	uses_gather
	.type	uses_gather,@function
uses_gather:
	xorl	%eax, %eax
	vpgatherdd	%ymm2, (%rdi,%ymm4,4), %ymm0
	retq
	.size	uses_gather, .-uses_gather

	.globl	uses_lzcnt
	.type	uses_lzcnt,@function
uses_lzcnt:
	lzcntq	%rdi, %rax
	retq
	.size	uses_lzcnt, .-uses_lzcnt
