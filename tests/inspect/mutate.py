#!/usr/bin/env python3
"""tests/inspect/mutate.py: write N damaged copies of an ELF file.

    mutate.py BASE OUTDIR N SEED

Each copy has 1 to 30 random bytes changed, in its first or last 8 KiB
(headers, program headers, section headers, the dynamic section), from a
fixed seed so that a failure can be reproduced.
"""
import os
import random
import sys

base = open(sys.argv[1], 'rb').read()
out, n = sys.argv[2], int(sys.argv[3])
rnd = random.Random(int(sys.argv[4]))
os.makedirs(out, exist_ok=True)
for i in range(n):
    b = bytearray(base)
    for _ in range(rnd.randint(1, 30)):
        if rnd.random() < 0.6:
            pos = rnd.randrange(0, min(len(b), 8192))
        else:
            pos = rnd.randrange(max(0, len(b) - 8192), len(b))
        b[pos] = rnd.randrange(256)
    p = os.path.join(out, 'm%03d' % i)
    with open(p, 'wb') as f:
        f.write(b)
    os.chmod(p, 0o755)
