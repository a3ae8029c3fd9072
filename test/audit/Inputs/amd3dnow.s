# One 3DNow! instruction (pfadd mm0, mm1, as bytes: LLVM 19 no longer
# assembles 3DNow!). LLVM 19 names 3DNow! as a feature of no CPU, so no
# host, as LLVM describes it, runs it.
	.text
	.globl	uses_3dnow
	.type	uses_3dnow,@function
uses_3dnow:
	.byte	0x0f, 0x0f, 0xc1, 0x9e
	retq
	.size	uses_3dnow, .-uses_3dnow
