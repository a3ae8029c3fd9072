# The uniform -Os build.
	.file	"main.c"
	.text
	.globl	main
	.type	main,@function
main:
	.fill	100, 1, 0x90
	.size	main, 100
	.type	helper,@function
helper:
	.fill	30, 1, 0x90
	.size	helper, 30
	.globl	work
	.type	work,@function
work:
	.fill	150, 1, 0x90
	.size	work, 150
	.globl	leaf
	.type	leaf,@function
leaf:
	.fill	50, 1, 0x90
	.size	leaf, 50
	.globl	never
	.type	never,@function
never:
	.fill	20, 1, 0x90
	.size	never, 20
	.file	"start.s"
	.globl	_start
	.type	_start,@function
_start:
	.fill	16, 1, 0x90
	.size	_start, 16
