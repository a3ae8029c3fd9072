# The uniform -O3 build: helper inlined into main and work, work split into a cold clone.
	.file	"main.c"
	.text
	.globl	main
	.type	main,@function
main:
	.fill	200, 1, 0x90
	.size	main, 200
	.globl	work
	.type	work,@function
work:
	.fill	320, 1, 0x90
	.size	work, 320
	.type	work.cold.1,@function
work.cold.1:
	.fill	20, 1, 0x90
	.size	work.cold.1, 20
	.globl	leaf
	.type	leaf,@function
leaf:
	.fill	90, 1, 0x90
	.size	leaf, 90
	.globl	never
	.type	never,@function
never:
	.fill	30, 1, 0x90
	.size	never, 30
	.file	"start.s"
	.globl	_start
	.type	_start,@function
_start:
	.fill	16, 1, 0x90
	.size	_start, 16
