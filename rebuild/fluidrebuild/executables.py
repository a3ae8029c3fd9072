"""executables.py - which files of a build tree are ELF executables: the
hosted loop measures the largest one a build produced when --binary is not
given (hosted.pick_binary).

    elf_executable(path)   an ELF executable (ET_EXEC, or a PIE), not a
                           shared library
    elf_executables(top)   such files under top, relative paths
"""
import os
import struct


def elf_executable(path):
    """True for an ELF executable: ET_EXEC, or ET_DYN with an interpreter
    (a PIE; a shared library has none)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if len(head) < 52 or head[:4] != b"\x7fELF":
                return False
            order = "<" if head[5] == 1 else ">"
            kind = struct.unpack_from(order + "H", head, 16)[0]
            if kind == 2:
                return True
            if kind != 3:
                return False
            if head[4] == 2:
                phoff = struct.unpack_from(order + "Q", head, 32)[0]
                size, count = struct.unpack_from(order + "HH", head, 54)
            else:
                phoff = struct.unpack_from(order + "I", head, 28)[0]
                size, count = struct.unpack_from(order + "HH", head, 42)
            for index in range(count):
                f.seek(phoff + index * size)
                entry = f.read(4)
                if len(entry) == 4 and struct.unpack(order + "I", entry)[0] == 3:
                    return True  # PT_INTERP
    except OSError:
        pass
    return False


def elf_executables(top):
    """Relative paths of the ELF executables under top (CMake's compiler
    probes under CMakeFiles and .git are not the program)."""
    found = []
    for directory, subdirs, files in os.walk(top):
        subdirs[:] = [d for d in subdirs if d not in ("CMakeFiles", ".git")]
        for name in files:
            path = os.path.join(directory, name)
            if (not os.path.islink(path) and os.access(path, os.X_OK)
                    and elf_executable(path)):
                found.append(os.path.relpath(path, top))
    return found
