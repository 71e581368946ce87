#!/usr/bin/env python3
"""Small helpers for the scripts/reliability-*.sh scripts (Python standard library only).

usage: reliability_lib.py COMMAND [ARGS...]

  json-field KEY[.KEY...]              print a field of the JSON on standard input
  uuids SEED COUNT                     COUNT lowercase v4-shaped UUIDs drawn from SEED
  delays SEED COUNT TOTAL WAL CKPT     COUNT kill delays in seconds, in turn uniform over the whole
                                       run [0, 1.1*TOTAL], over the writing [WAL, TOTAL] and over
                                       the commit and checkpoint [CKPT - 10% of the writing, TOTAL]
  rand SEED COUNT LO HI                COUNT uniform floats in [LO, HI]
  watch-import BIN DB FILE             run `BIN import --db DB FILE` and print
                                       "total=S wal_start=S checkpoint_start=S" (seconds from start)
  check-log NDJSON [--must IDS] [--once IDS] [--base N]
                                       check an `events --format ndjson` export: seq gap-free from 1,
                                       ids unique; every id in --must present, every id in --once
                                       present at most once; prints figures, exit 1 on a violation
  count-ids NDJSON IDS                 how many of the ids (one a line) are in the export
  corrupt FILE SEED COUNT LO HI        overwrite COUNT random bytes at seeded offsets in [LO, HI)
                                       (each byte changed); prints the offsets
  data-digest FILE                     "rows=SHA-256 integrity=ok": a digest of the schema and every
                                       row of every table, and PRAGMA integrity_check's verdict,
                                       read with immutable=1 (never writes)
  hold-lock DB SECONDS FLAG RELEASE    BEGIN IMMEDIATE on DB, create FLAG, wait until the file
                                       RELEASE exists (at most SECONDS), roll back
  damage-id-index FILE                 change one character of one id inside the unique index on
                                       events(id), leaving the events table intact; prints the id
  newer-schema FILE                    add a grdb_migrations row this build does not know
  writer-plan SEED WRITER EVENTS DIR   write DIR/ops (one op a line) and DIR/batch-N.ndjson for
                                       one concurrency writer on actors rw<WRITER>-a/-b; prints
                                       every planned id in DIR/ids
"""
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid


def fail(message):
    print(f"reliability_lib: {message}", file=sys.stderr)
    sys.exit(2)


def seeded_uuids(rng, count):
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]


def cmd_json_field(args):
    value = json.load(sys.stdin)
    for key in args[0].split("."):
        value = value[key]
    print(value if not isinstance(value, (dict, list)) else json.dumps(value))


def cmd_uuids(args):
    rng = random.Random(f"uuids-{args[0]}")
    print("\n".join(seeded_uuids(rng, int(args[1]))))


def cmd_delays(args):
    seed, count, total, wal, checkpoint = args[0], int(args[1]), float(args[2]), float(args[3]), float(args[4])
    rng = random.Random(f"delays-{seed}")
    wal = min(wal, total)
    late = max(wal, min(checkpoint, total) - 0.1 * (checkpoint - wal))
    for i in range(count):
        if i % 3 == 0:
            value = rng.uniform(0, total * 1.1)
        elif i % 3 == 1:
            value = rng.uniform(wal, total)
        else:
            value = rng.uniform(late, total * 1.02)
        print(f"{value:.4f}")


def cmd_rand(args):
    rng = random.Random(f"rand-{args[0]}")
    for _ in range(int(args[1])):
        print(f"{rng.uniform(float(args[2]), float(args[3])):.4f}")


def cmd_watch_import(args):
    binary, db, path = args
    wal = db + "-wal"
    start = time.monotonic()
    base_size = os.path.getsize(db)
    wal_start = checkpoint_start = None
    process = subprocess.Popen([binary, "import", "--db", db, path], stdout=subprocess.DEVNULL)
    while process.poll() is None:
        now = time.monotonic() - start
        try:
            if wal_start is None and os.path.getsize(wal) > 0:
                wal_start = now
        except OSError:
            pass
        if checkpoint_start is None and os.path.getsize(db) > base_size:
            checkpoint_start = now
        time.sleep(0.002)
    total = time.monotonic() - start
    if process.returncode != 0:
        fail(f"the calibration import exited {process.returncode}")
    print(f"total={total:.4f} wal_start={wal_start if wal_start is not None else 0:.4f} "
          f"checkpoint_start={checkpoint_start if checkpoint_start is not None else total:.4f}")


def read_ids(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def read_export(path):
    seqs, ids = [], []
    with open(path, "rb") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            event = json.loads(line)
            seqs.append(event["seq"])
            ids.append(event["id"])
    return seqs, ids


def cmd_check_log(args):
    export, must, once = args[0], [], []
    rest = args[1:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--must":
            must = read_ids(value)
        elif flag == "--once":
            once = read_ids(value)
        else:
            fail(f"unknown option {flag}")
    seqs, ids = read_export(export)
    problems = []
    if seqs != list(range(1, len(seqs) + 1)):
        gaps = [s for i, s in enumerate(seqs) if s != i + 1][:5]
        problems.append(f"seq is not gap-free from 1 (first out of place: {gaps})")
    counts = {}
    for event_id in ids:
        counts[event_id] = counts.get(event_id, 0) + 1
    duplicated = [i for i, n in counts.items() if n > 1]
    if duplicated:
        problems.append(f"{len(duplicated)} ids stored more than once, e.g. {duplicated[:3]}")
    missing = [i for i in must if i not in counts]
    if missing:
        problems.append(f"{len(missing)} ids reported as recorded are missing, e.g. {missing[:3]}")
    once_present = sum(1 for i in set(once) if i in counts)
    print(f"events={len(ids)} must={len(must)} missing={len(missing)} once={len(set(once))} "
          f"once_present={once_present} duplicated={len(duplicated)}")
    for problem in problems:
        print(f"VIOLATION: {problem}")
    sys.exit(1 if problems else 0)


def cmd_count_ids(args):
    _, ids = read_export(args[0])
    present = set(ids)
    print(sum(1 for i in read_ids(args[1]) if i in present))


def cmd_corrupt(args):
    path, seed, count, lo, hi = args[0], args[1], int(args[2]), int(args[3]), int(args[4])
    rng = random.Random(f"corrupt-{seed}")
    offsets = sorted(rng.randrange(lo, hi) for _ in range(count))
    with open(path, "r+b") as f:
        for offset in offsets:
            f.seek(offset)
            old = f.read(1)[0]
            new = rng.randrange(256)
            while new == old:
                new = rng.randrange(256)
            f.seek(offset)
            f.write(bytes([new]))
    print(" ".join(map(str, offsets)))


def cmd_data_digest(args):
    connection = sqlite3.connect(f"file:{os.path.abspath(args[0])}?mode=ro&immutable=1", uri=True)
    connection.text_factory = bytes  # damaged text is compared as bytes, not refused
    try:
        digest = hashlib.sha256()
        schema = connection.execute("SELECT type, name, IFNULL(sql, '') FROM sqlite_master ORDER BY name").fetchall()
        for kind, name, sql in schema:
            digest.update(sql)
            if kind == b"table":
                for row in sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{name.decode()}"')):
                    digest.update(row.encode())
        rows = "rows=" + digest.hexdigest()
    except Exception as error:  # any failure to read is what we want to report
        rows = "rows=unreadable:" + str(error).replace(" ", "_")[:80]
    try:
        check = connection.execute("PRAGMA integrity_check").fetchall()
        integrity = "ok" if check == [(b"ok",)] else check[0][0].decode(errors="replace")
    except Exception as error:
        integrity = str(error)
    print(rows, "integrity=" + integrity.replace("\n", " ").replace(" ", "_")[:100])


def cmd_damage_id_index(args):
    path = args[0]
    connection = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro&immutable=1", uri=True)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    index = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NULL "
        "AND name IN (SELECT il.name FROM pragma_index_list('events') il "
        "JOIN pragma_index_info(il.name) ii WHERE ii.name = 'id' AND il.\"unique\" = 1)").fetchone()
    if index is None:
        fail("no unique index on events(id)")
    pages = [r[0] for r in connection.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (index[0],))]
    ids = [r[0] for r in connection.execute("SELECT id FROM events ORDER BY seq")]
    connection.close()
    with open(path, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * page_size)
        page = f.read(page_size)
        for event_id in ids:
            at = page.find(event_id.encode())
            if at >= 0:
                break
        else:
            fail("no id found in the index page")
        offset = (pages[len(pages) // 2] - 1) * page_size + at
        f.seek(offset)
        f.write(b"0" if event_id[0] != "0" else b"1")
    print(event_id)


def cmd_newer_schema(args):
    connection = sqlite3.connect(args[0])
    connection.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-a-newer-stance')")
    connection.commit()
    connection.close()


def cmd_hold_lock(args):
    connection = sqlite3.connect(args[0], isolation_level=None, timeout=30)
    connection.execute("BEGIN IMMEDIATE")
    open(args[2], "w").close()
    deadline = time.monotonic() + float(args[1])
    while time.monotonic() < deadline and not os.path.exists(args[3]):
        time.sleep(0.05)
    connection.execute("ROLLBACK")
    connection.close()


TYPES = [
    ("support-declared", []),
    ("allegation-made", ["--summary", "reliability run allegation"]),
    ("protest-held", []),
    ("statement-issued", ["--position", "critical", "--summary", "reliability run statement"]),
]


def cmd_writer_plan(args):
    seed, writer, events, folder = args[0], int(args[1]), int(args[2]), args[3]
    rng = random.Random(f"plan-{seed}-{writer}")
    ids = seeded_uuids(rng, events)
    actor, toward = f"rw{writer}-a", f"rw{writer}-b"
    os.makedirs(folder, exist_ok=True)
    ops, done, batch = [], 0, 0
    while done < events:
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.85:
            kind, extra = rng.choice(TYPES)
            ops.append(" ".join(["record", ids[done], kind, actor, toward, day] + [a.replace(" ", "_") for a in extra]))
            done += 1
        else:
            size = min(rng.randint(2, 10), events - done)
            batch += 1
            name = os.path.join(folder, f"batch-{batch}.ndjson")
            with open(name, "w") as f:
                for event_id in ids[done:done + size]:
                    kind, _ = rng.choice(TYPES)
                    line = {"id": event_id, "type": kind, "occurredAt": day, "actor": actor, "toward": toward}
                    if kind == "allegation-made":
                        line["summary"] = "reliability run allegation"
                    if kind == "statement-issued":
                        line["position"], line["summary"] = "critical", "reliability run statement"
                    f.write(json.dumps(line) + "\n")
            ops.append(f"import {name} {size}")
            done += size
    with open(os.path.join(folder, "ops"), "w") as f:
        f.write("\n".join(ops) + "\n")
    with open(os.path.join(folder, "ids"), "w") as f:
        f.write("\n".join(ids) + "\n")


COMMANDS = {
    "json-field": cmd_json_field, "uuids": cmd_uuids, "delays": cmd_delays, "rand": cmd_rand,
    "watch-import": cmd_watch_import, "check-log": cmd_check_log, "count-ids": cmd_count_ids,
    "corrupt": cmd_corrupt, "data-digest": cmd_data_digest, "newer-schema": cmd_newer_schema, "damage-id-index": cmd_damage_id_index, "hold-lock": cmd_hold_lock,
    "writer-plan": cmd_writer_plan,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
