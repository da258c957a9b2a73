# tests/apps/dyn/py_stdlib.py: Python's standard library in kiln: json, re,
# hashlib (OpenSSL through _hashlib, dlopen'ed), threading, struct, zlib.
import hashlib
import json
import re
import struct
import threading
import zlib

doc = {"name": "kiln", "list": [1, 2.5, None, True], "nested": {"k": "v" * 3}}
text = json.dumps(doc, sort_keys=True)
print(text)
print(json.loads(text) == doc)
print(re.findall(r"(\w)\1+", "aabbbcdde"), re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1b22c333"))
print(hashlib.sha256(b"kiln").hexdigest())
print(hashlib.new("md5", b"kiln").hexdigest(), hashlib.sha3_256(b"x").hexdigest()[:16])
print(zlib.crc32(b"kiln"), len(zlib.compress(b"a" * 10000)))
print(struct.pack("<IHd", 1, 2, 3.5).hex())

total = [0]
lock = threading.Lock()


def work(n):
    for i in range(n):
        with lock:
            total[0] += i


threads = [threading.Thread(target=work, args=(10000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", total[0], threading.active_count())
