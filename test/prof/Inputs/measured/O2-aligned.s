# The measured fixture's -O2 build with functions on 16-byte boundaries, as
# clang aligns them above -Os: each function owns the padding before it; the
# code no symbol names (100 bytes before never) and the gaps around it are
# the other bytes, as is _start. Sizes as O2.s.
	.file	"main.c"
	.text
	.globl	main
	.type	main,@function
	.p2align 4
main:
	.fill	120, 1, 0x90
	.size	main, 120
	.type	helper,@function
	.p2align 4
helper:
	.fill	40, 1, 0x90
	.size	helper, 40
	.globl	work
	.type	work,@function
	.p2align 4
work:
	.fill	200, 1, 0x90
	.size	work, 200
	.globl	leaf
	.type	leaf,@function
	.type	leaf_alias,@function
	.p2align 4
leaf_alias:
leaf:
	.fill	60, 1, 0x90
	.size	leaf, 60
	.size	leaf_alias, 60
	.p2align 4
	.fill	100, 1, 0x90
	.globl	never
	.type	never,@function
	.p2align 4
never:
	.fill	30, 1, 0x90
	.size	never, 30
	.file	"start.s"
	.globl	_start
	.type	_start,@function
	.p2align 4
_start:
	.fill	16, 1, 0x90
	.size	_start, 16
