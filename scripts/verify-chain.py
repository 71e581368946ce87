#!/usr/bin/env python3
"""Verifies a stance store's hash chain with nothing but Python's standard library.

It recomputes every event's hash from the row's columns by the encoding documented in the
README ("The hash chain"), so that anyone can check a store without trusting stance's code.

usage: scripts/verify-chain.py STORE.sqlite [--expect-head SEQ:HASH]
Exit 0 when the chain is intact, 1 with findings, 2 on usage errors.
"""
import hashlib
import sqlite3
import struct
import sys


def i64(n):
    return struct.pack(">q", n)


def text(s):
    data = s.encode("utf-8") if isinstance(s, str) else bytes(s)
    return struct.pack(">I", len(data)) + data


def row_hash(prev, row):
    (seq, id_, stream, stream_version, type_, schema_version, occurred_at, precision,
     recorded_at, payload, metadata) = row
    buf = bytes(prev) + i64(seq) + text(id_) + text(stream) + i64(stream_version) + text(type_) \
        + i64(schema_version) + i64(occurred_at) + text(precision) + i64(recorded_at) \
        + text(payload) + text(metadata)
    return hashlib.sha256(buf).digest()


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    expected = None
    if len(argv) == 4 and argv[2] == "--expect-head":
        seq, _, digest = argv[3].partition(":")
        if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
            print(f"--expect-head takes SEQ:HASH (64 hex digits), not {argv[3]!r}", file=sys.stderr)
            return 2
        expected = (int(seq), digest.lower())
    elif len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    db = sqlite3.connect(f"file:{argv[1]}?mode=ro", uri=True)
    db.text_factory = bytes  # hash the bytes as stored
    findings = 0
    prev = bytes(32)
    last_seq = 0
    last_recorded = None
    rows = db.execute(
        "SELECT seq, id, stream, stream_version, type, schema_version, occurred_at, precision,"
        " recorded_at, payload, metadata, prev_hash, hash FROM events ORDER BY seq")
    for row in rows:
        # Each column must hold the SQLite type the schema gives it; anything else is damage.
        kinds = (int, bytes, bytes, int, bytes, int, int, bytes, int, bytes, bytes, bytes, bytes)
        if not all(isinstance(value, kind) for value, kind in zip(row, kinds)):
            print(f"seq {row[0]}: a column holds a value of the wrong type")
            findings += 1
            prev, last_seq = None, row[0] if isinstance(row[0], int) else last_seq + 1
            continue
        seq, stored_prev, stored_hash = row[0], bytes(row[11]), bytes(row[12])
        if seq != last_seq + 1:
            print(f"seq {seq}: expected seq {last_seq + 1} (gap)")
            findings += 1
        if prev is not None and stored_prev != prev:
            print(f"seq {seq}: prev_hash {stored_prev.hex()} does not match the previous hash {prev.hex()}")
            findings += 1
        computed = row_hash(stored_prev, row[:11])
        if computed != stored_hash:
            print(f"seq {seq}: hash {stored_hash.hex()} does not match the recomputed {computed.hex()}")
            findings += 1
        if last_recorded is not None and row[8] < last_recorded:
            print(f"seq {seq}: recorded_at {row[8]} is earlier than the previous event's {last_recorded}")
            findings += 1
        prev, last_seq, last_recorded = stored_hash, seq, row[8]
    head = f"{last_seq}:{prev.hex() if last_seq else bytes(32).hex()}"
    if expected and (last_seq < expected[0]):
        print(f"expected head {expected[0]}:{expected[1]}, but the log ends at seq {last_seq}")
        findings += 1
    elif expected:
        got = db.execute("SELECT hash FROM events WHERE seq = ?", (expected[0],)).fetchone()
        if got is None or bytes(got[0]).hex() != expected[1]:
            print(f"expected head {expected[0]}:{expected[1]}, found {bytes(got[0]).hex() if got else 'nothing'}")
            findings += 1
    print(f"{last_seq} events checked, head {head}, {findings} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
