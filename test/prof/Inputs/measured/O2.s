# The uniform -O2 build of the measured fixture: bytes per function (leaf has an alias; _start is code no profile times).
	.file	"main.c"
	.text
	.globl	main
	.type	main,@function
main:
	.fill	120, 1, 0x90
	.size	main, 120
	.type	helper,@function
helper:
	.fill	40, 1, 0x90
	.size	helper, 40
	.globl	work
	.type	work,@function
work:
	.fill	200, 1, 0x90
	.size	work, 200
	.globl	leaf
	.type	leaf,@function
	.type	leaf_alias,@function
leaf_alias:
leaf:
	.fill	60, 1, 0x90
	.size	leaf, 60
	.size	leaf_alias, 60
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
