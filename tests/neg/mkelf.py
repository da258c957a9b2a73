#!/usr/bin/env python3
"""tests/neg/mkelf.py: write a broken ELF file for a negative test.

    mkelf.py KIND BASE OUT

BASE is a working static x86-64 ELF; OUT gets a copy damaged as KIND says.
Each KIND breaks exactly one thing that loader/elf_check.c rejects.
"""
import struct
import sys

PT_LOAD = 1


def phdrs(b):
    phoff, = struct.unpack_from('<Q', b, 32)
    phentsize, phnum = struct.unpack_from('<HH', b, 54)
    return [(phoff + i * phentsize) for i in range(phnum)]


def loads(b):
    return [o for o in phdrs(b) if struct.unpack_from('<I', b, o)[0] == PT_LOAD]


def elf32(b):
    # A minimal i386 executable header: class 1, machine 3 (EM_386).
    h = bytearray(b'\x7fELF\x01\x01\x01' + bytes(9))
    h += struct.pack('<HHIIIIIHHHHHH', 2, 3, 1, 0x8049000, 52, 0, 0, 52, 32, 1, 0, 0, 0)
    h += struct.pack('<IIIIIIII', PT_LOAD, 0, 0x8048000, 0x8048000, 84, 84, 5, 0x1000)
    return h


def aarch64(b):
    struct.pack_into('<H', b, 18, 183)  # e_machine = EM_AARCH64
    return b


def big_endian(b):
    b[5] = 2  # EI_DATA = ELFDATA2MSB
    return b


def truncated_phdrs(b):
    # Keep the ELF header and part of the first program header.
    return b[:64 + 20]


def overlap(b):
    # Move the third PT_LOAD onto the second one's pages, keeping
    # p_vaddr % 4096 == p_offset % 4096 so only the overlap is wrong (with
    # the base's three leading PT_LOADs, "segment 2 overlaps segment 1", as
    # issue 2 words it).
    first, second = loads(b)[1:3]
    v1, = struct.unpack_from('<Q', b, first + 16)
    m1, = struct.unpack_from('<Q', b, first + 40)
    off2, = struct.unpack_from('<Q', b, second + 8)
    v2 = (v1 & ~0xfff) + (off2 & 0xfff)
    if v2 < v1:
        v2 += 0x1000
    assert v1 <= v2 < v1 + m1, 'first segment too small to overlap'
    struct.pack_into('<QQ', b, second + 16, v2, v2)
    return b


def kernel_half(b):
    # Put the last PT_LOAD in the kernel half of the address space.
    last = loads(b)[-1]
    off, = struct.unpack_from('<Q', b, last + 8)
    v = 0xffffffff80000000 + (off & 0xfff)
    struct.pack_into('<QQ', b, last + 16, v, v)
    return b


def no_gnu_stack(b):
    # Turn PT_GNU_STACK into PT_NULL: the kernel's default stack applies.
    for o in phdrs(b):
        if struct.unpack_from('<I', b, o)[0] == 0x6474e551:
            struct.pack_into('<I', b, o, 0)
    return b


KINDS = {'elf32': elf32, 'aarch64': aarch64, 'big-endian': big_endian,
         'truncated-phdrs': truncated_phdrs, 'overlap': overlap,
         'kernel-half': kernel_half, 'no-gnu-stack': no_gnu_stack}

if __name__ == '__main__':
    kind, base, out = sys.argv[1:]
    with open(base, 'rb') as f:
        data = bytearray(f.read())
    with open(out, 'wb') as f:
        f.write(KINDS[kind](data))
