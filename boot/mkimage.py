#!/usr/bin/env python3
"""mkimage.py - builds fluid.img, the raw disk image of Fluid's BIOS loader.

Layout (512-byte sectors):
  LBA 0        stage1.bin, the MBR (boot/stage1.asm)
  LBA 1..16    stage2.bin (boot/stage2.asm), its parameter block patched with
               the kernel's LBA, its sector count and the command line
  LBA 17..     kernel.bin, the flat kernel image (objcopy -O binary)
The image is padded to a multiple of 32 KiB. A kernel larger than stage 2's
load buffer, a kernel without the 'FLUD' header, or a command line longer
than the reserved room is refused with a message naming the sizes, so a
broken image never reaches QEMU.
"""
import argparse
import os
import struct
import sys

SECTOR = 512
STAGE2_SECTORS = 16            # boot/defs.inc STAGE2_SECTORS
KERNEL_LBA = 1 + STAGE2_SECTORS
KERNEL_MAX_BYTES = 0x80000     # boot/defs.inc KERNEL_MAX_BYTES (512 KiB)
HEADER_OFFSET = 32             # boot/defs.inc FLUID_HEADER_OFFSET
HEADER_MAGIC = 0x44554C46      # 'FLUD'
PARAMS_TAG = b"FLUIDPRM"
CMDLINE_TAG = b"FLUIDCMD"
IMAGE_ALIGN = 32 * 1024


class ImageError(Exception):
    pass


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_stage1(stage1):
    if len(stage1) != SECTOR or stage1[510:512] != b"\x55\xaa":
        raise ImageError("stage 1 must be one 512-byte sector ending in 55 aa "
                         f"(got {len(stage1)} bytes)")


def check_kernel(kernel, path):
    if len(kernel) > KERNEL_MAX_BYTES:
        raise ImageError(
            f"kernel {path} is {len(kernel)} bytes "
            f"({(len(kernel) + SECTOR - 1) // SECTOR} sectors), but the loader "
            f"reads at most {KERNEL_MAX_BYTES} bytes ({KERNEL_MAX_BYTES // SECTOR} "
            f"sectors); it is {len(kernel) - KERNEL_MAX_BYTES} bytes too large")
    if len(kernel) < HEADER_OFFSET + 24:
        raise ImageError(f"kernel {path} is only {len(kernel)} bytes: no header")
    magic, flags, entry, load_start, load_end, bss_end = struct.unpack_from(
        "<6I", kernel, HEADER_OFFSET)
    if magic != HEADER_MAGIC:
        raise ImageError(f"kernel {path} has no 'FLUD' header at offset "
                         f"{HEADER_OFFSET}: not a flat Fluid kernel image")
    if not load_start <= load_end <= bss_end:
        raise ImageError(f"kernel {path} header has load_start {load_start:#x}, "
                         f"load_end {load_end:#x}, bss_end {bss_end:#x}: "
                         f"not in ascending order")
    if load_end - load_start != len(kernel):
        # objcopy -O binary spans every loaded section: a size mismatch means
        # a section landed outside __load_start..__load_end (kernel/kernel.ld).
        raise ImageError(f"kernel {path} is {len(kernel)} bytes but its header "
                         f"says {load_end - load_start} (load_end - load_start): "
                         f"a section lies outside the loaded range")


def patch_stage2(stage2, kernel_sectors, cmdline):
    if len(stage2) > STAGE2_SECTORS * SECTOR:
        raise ImageError(f"stage 2 is {len(stage2)} bytes; "
                         f"{STAGE2_SECTORS * SECTOR} are reserved")
    stage2 = bytearray(stage2)
    params = stage2.find(PARAMS_TAG)
    tag = stage2.find(CMDLINE_TAG)
    if params < 0 or tag < 0:
        raise ImageError("stage 2 has no FLUIDPRM/FLUIDCMD parameter block")
    struct.pack_into("<II", stage2, params + len(PARAMS_TAG), KERNEL_LBA,
                     kernel_sectors)
    write_cmdline(stage2, tag, cmdline)
    return bytes(stage2)


def write_cmdline(buffer, tag, cmdline):
    """Stores cmdline after the FLUIDCMD tag (shared with scripts/qemu-run)."""
    (capacity,) = struct.unpack_from("<H", buffer, tag + len(CMDLINE_TAG))
    # UTF-8, as QEMU's -append passes it: stage 2 hands the bytes on as is.
    encoded = cmdline.encode("utf-8", "surrogateescape")
    if len(encoded) >= capacity:
        raise ImageError(f"command line is {len(encoded)} bytes; the image has "
                         f"room for {capacity - 1}")
    start = tag + len(CMDLINE_TAG) + 2
    buffer[start:start + capacity] = encoded + bytes(capacity - len(encoded))


def build(stage1, stage2, kernel, kernel_path, cmdline):
    check_stage1(stage1)
    check_kernel(kernel, kernel_path)
    kernel_sectors = (len(kernel) + SECTOR - 1) // SECTOR
    stage2 = patch_stage2(stage2, kernel_sectors, cmdline)
    image = bytearray(stage1)
    image += stage2 + bytes(STAGE2_SECTORS * SECTOR - len(stage2))
    image += kernel + bytes(kernel_sectors * SECTOR - len(kernel))
    image += bytes(-len(image) % IMAGE_ALIGN)
    return bytes(image)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage1", required=True)
    parser.add_argument("--stage2", required=True)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cmdline", default="modules=all")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    try:
        image = build(read(args.stage1), read(args.stage2), read(args.kernel),
                      args.kernel, args.cmdline)
    except (ImageError, OSError, UnicodeError) as error:
        print(f"mkimage: error: {error}", file=sys.stderr)
        return 1
    temporary = args.output + ".tmp"
    with open(temporary, "wb") as f:
        f.write(image)
    os.replace(temporary, args.output)
    print(f"mkimage: {args.output}: {len(image)} bytes, kernel "
          f"{len(read(args.kernel))} bytes at LBA {KERNEL_LBA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
