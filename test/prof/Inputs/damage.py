#!/usr/bin/env python3
"""damage.py GOOD OUTDIR - write damaged copies of a framed profile.

Edits that keep the frame consistent are re-framed (byte count and CRC
recomputed), so the reader's schema checks, not the CRC, must catch them.
"""
import os
import re
import sys
import zlib

good = open(sys.argv[1], "rb").read()
out = sys.argv[2]
begin, _, rest = good.partition(b"\n")
payload, _, _ = rest.rpartition(b"--- FLUID PROFILE END")


def framed(body, head=begin):
    return b"%s\n%s--- FLUID PROFILE END bytes=%d crc32=%08x ---\n" % (
        head, body, len(body), zlib.crc32(body) & 0xffffffff)


def edit(pattern, replacement, count=1):
    body, n = re.subn(pattern, replacement, payload, count=count)
    assert n == count, pattern
    return framed(body)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


write("empty.profile", b"")
write("truncated.profile", good[: len(good) // 2])
write("lost-byte.profile", good.replace(b"twice", b"twce", 1))
write("bad-crc.profile", good.replace(b"twice", b"twine", 1))
write("v3.profile", framed(payload, b"--- FLUID PROFILE BEGIN v3 ---"))
write("version.profile", edit(rb'"version":1', b'"version":3'))
# A frame whose BEGIN line's vN is not its JSON's "version", both ways.
write("frame-v2.profile", framed(payload, b"--- FLUID PROFILE BEGIN v2 ---"))
write("json-v2.profile", edit(rb'"version":1', b'"version":2'))
write("negative.profile", edit(rb'"calls":\d+', b'"calls":-1'))
write("overflow.profile", edit(rb'"self_cycles":\d+', b'"self_cycles":18446744073709551616'))
functions = re.findall(rb'\{"name":[^}]*\}', payload)
write("duplicate.profile", framed(payload.replace(functions[1], functions[0], 1)))
write("not-json.profile", framed(payload.replace(b"{", b"[", 1)))
write("missing-field.profile", framed(payload.replace(
    re.findall(rb'"hash":"[0-9a-f]+",', functions[2])[0], b"", 1)))
calls = int(re.search(rb'"totals":\{"functions":\d+,"calls":(\d+)', payload).group(1))
write("totals.profile", edit(rb'("totals":\{"functions":\d+,"calls":)\d+',
                             rb"\g<1>%d" % (calls + 1)))
