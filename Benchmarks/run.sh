#!/usr/bin/env bash
# Benchmarks/run.sh: build stance in release, generate a seeded log, time stance's main paths
# as whole processes, measure the references (raw SQLite, the Python eventsourcing library) in
# the same run, and print one markdown table. See Benchmarks/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: Benchmarks/run.sh [--quick] [--events N] [--actors A] [--seed S] [--runs R]
                         [--small N] [--peer-events N] [--peer-runs N] [--budget SECONDS] [--no-peer]
                         [--raw-pragma NAME=VALUE]... [--keep DIR] [--help]

Builds `stance` in release, generates N events with `stance generate`, and measures, each as a
whole process: import into a fresh store, the store's size, audit and replay of the whole store,
position and timeline of one actor toward one target on the big store and on a small one, and
record of one event into a copy of the big store. References measured in the same run: a raw
SQLite insert and read of the same rows (Benchmarks/raw-sqlite.c) and the Python eventsourcing
library (../shared/bench/peer_eventsourcing.py, installed into .build-bench/venv; skipped with a
line saying so when it cannot be installed). Prints one markdown table and writes it to
DIR/last-run.md (--keep) or .build-bench/last-run.md.

  --quick            smoke sizes: 30,000 events, 5 runs, 10,000 peer events, 1 peer run, 3 s budget
                     (under a minute once the release build is warm)
  --events N         events in the big log (default 1,000,000)
  --actors A         actors in both logs (default 200)
  --seed S           generator seed (default 7)
  --runs R           runs of each per-call operation: position, timeline, record (default 15)
  --small N          events in the small log (default 1,000)
  --peer-events N    events for the Python peer (default 100,000)
  --peer-runs N      runs of the Python peer; each figure is their median, as audit and replay
                     are (default 3)
  --budget SECONDS   stop repeating an operation once this long has passed (it runs at least
                     once) (default 30), so that a slow build still finishes in minutes
  --no-peer          do not run the Python peer
  --dynamic          link the Swift runtime dynamically (SwiftPM's default) instead of
                     statically; a process then spends ~4 ms more loading libraries
  --raw-pragma P     a further PRAGMA for the raw SQLite reference (repeatable), to match
                     stance if it sets more than journal_mode=WAL and synchronous=FULL
  --keep DIR         keep the logs, stores and raw results in DIR (default: a temporary folder,
                     removed at the end)

Exits non-zero only when something fails (a build, a command, a reference); a missed target is
a "no" in the table.
EOF
}

events="" actors=200 seed=7 runs="" small=1000 peer_events="" peer_runs="" budget="" quick=0 keep="" peer=1 link=static
# stance runs its connections with a 64 MiB page cache; the reference gets the same.
raw_pragmas=("cache_size=-65536")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --events) events="$2"; shift ;;
    --actors) actors="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --small) small="$2"; shift ;;
    --peer-events) peer_events="$2"; shift ;;
    --peer-runs) peer_runs="$2"; shift ;;
    --budget) budget="$2"; shift ;;
    --no-peer) peer=0 ;;
    --dynamic) link=dynamic ;;
    --raw-pragma) raw_pragmas+=("$2"); shift ;;
    --keep) keep="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
  shift
done
if [[ $quick == 1 ]]; then
  events=${events:-30000} runs=${runs:-5} peer_events=${peer_events:-10000} peer_runs=${peer_runs:-1} budget=${budget:-3}
else
  events=${events:-1000000} runs=${runs:-15} peer_events=${peer_events:-100000} peer_runs=${peer_runs:-3} budget=${budget:-30}
fi
if ! [[ $peer_runs =~ ^[1-9][0-9]*$ ]]; then
  echo "run.sh: --peer-runs takes a whole number of runs, at least 1, not '$peer_runs'" >&2; exit 64
fi

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
[[ -d /opt/swift/usr/bin ]] && export PATH=/opt/swift/usr/bin:$PATH
unset STANCE_DB STANCE_NOW
export STANCE_USER=bench
mkdir -p .build-bench

if [[ -n $keep ]]; then
  mkdir -p "$keep"
  work="$(cd "$keep" && pwd)"
  for name in big small record raw-indexed raw-bare; do rm -f "$work/$name.sqlite" "$work/$name.sqlite-wal" "$work/$name.sqlite-shm"; done
  rm -f "$work/results.jsonl" "$work"/peer*.json
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/stance-bench.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
results="$work/results.jsonl"
measure() { python3 "$here/measure.py" --out "$results" "$@"; }
step() { echo "== $*" >&2; }
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git status --porcelain -- Sources EventStore Projections Package.swift 2>/dev/null | grep -q . && echo "+changes" || true)"

# Static linking is how stance is meant to be installed (see the README): every question is a
# process, and loading the Swift runtime's shared libraries costs more than many answers.
# Its own scratch folder keeps the flag from rebuilding .build/ back and forth.
build=(swift build -c release --product stance)
[[ $link == static ]] && build+=(--static-swift-stdlib --scratch-path .build-bench/build)
step "build (release, Swift runtime linked $link)"
"${build[@]}" >&2
stance="$("${build[@]}" --show-bin-path)/stance"
cc -O2 -o .build-bench/raw-sqlite "$here/raw-sqlite.c" -lsqlite3

step "generate $events and $small events, $actors actors, seed $seed"
"$stance" generate --events "$events" --actors "$actors" --seed "$seed" --output "$work/big.ndjson"
"$stance" generate --events "$small" --actors "$actors" --seed "$seed" --output "$work/small.ndjson"
big="$work/big.sqlite" small_db="$work/small.sqlite"

step "import $events events"
"$stance" init --db "$big" >/dev/null
measure --name import --events "$events" --rss wrap -- "$stance" import --db "$big" "$work/big.ndjson"
"$stance" init --db "$small_db" >/dev/null
"$stance" import --db "$small_db" "$work/small.ndjson" >/dev/null

step "store size"
# As stance leaves it, then after a TRUNCATE checkpoint moves the WAL into the database file.
python3 - "$big" "$events" > "$work/size.txt" <<'EOF'
import os, sqlite3, sys
path, events = sys.argv[1], int(sys.argv[2])
def size():
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
before = size()
db = sqlite3.connect(path)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
db.close()
print("size_as_left", before)
print("size_after_checkpoint", size())
print("events", events)
EOF
cat "$work/size.txt" >&2

step "audit and replay"
measure --name audit --events "$events" --rss wrap --runs 3 --min-runs 1 --budget "$budget" -- "$stance" audit --db "$big"
measure --name replay --events "$events" --rss wrap --runs 3 --min-runs 1 --budget "$budget" -- "$stance" replay --db "$big"

step "position and timeline"
read -r actor toward day pair_events < <(python3 "$here/pick_pair.py" "$work/big.ndjson")
echo "  pair: $actor toward $toward ($pair_events position changes in the first 300,000 lines), on $day" >&2
for store in big small; do
  db="$work/$store.sqlite" n=$([[ $store == big ]] && echo "$events" || echo "$small")
  measure --name "position-$store" --events "$n" --runs "$runs" --min-runs 1 --budget "$budget" -- \
    "$stance" position "$actor" --toward "$toward" --on "$day" --db "$db"
  measure --name "timeline-$store" --events "$n" --runs "$runs" --min-runs 1 --budget "$budget" -- \
    "$stance" timeline "$actor" --toward "$toward" --db "$db"
done

step "record into a copy of the big store"
cp "$big" "$work/record.sqlite"
[[ -f $big-wal ]] && cp "$big-wal" "$work/record.sqlite-wal"
nonce=$(date +%s)
measure --name record --events "$events" --runs "$runs" --min-runs 1 --budget "$budget" -- \
  "$stance" record support-declared --actor "$actor" --toward "$toward" --on "$day" --db "$work/record.sqlite" \
  --source "https://example.org/bench/$nonce/{i}" --quote "We stand with them, statement {i}."

# A store that already holds events: the log's first nine tenths imported (not timed), then
# its last tenth, as a team appends a new batch.
append=$(( events / 10 ))
base=$(( events - append ))
if (( append > 0 )); then
  step "append $append events onto a store of $base"
  head -n "$base" "$work/big.ndjson" > "$work/base.ndjson"
  tail -n +"$(( base + 1 ))" "$work/big.ndjson" > "$work/tail.ndjson"
  "$stance" init --db "$work/append.sqlite" >/dev/null
  "$stance" import --db "$work/append.sqlite" "$work/base.ndjson" >/dev/null
  python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()' "$work/append.sqlite"
  measure --name append --events "$append" --rss wrap -- "$stance" import --db "$work/append.sqlite" "$work/tail.ndjson"
  echo "base $base" > "$work/append.txt"
  # Derived from the big log; not worth keeping.
  rm -f "$work/base.ndjson" "$work/tail.ndjson" "$work"/append.sqlite*
fi

step "raw SQLite reference"
.build-bench/raw-sqlite "$big" "$work" ${raw_pragmas[@]+"${raw_pragmas[@]}"} > "$work/raw.txt"
cat "$work/raw.txt" >&2

step "Python peer"
peer_script="$root/../shared/bench/peer_eventsourcing.py"
peer_skip=""
if [[ $peer == 0 ]]; then
  peer_skip="--no-peer"
elif [[ ! -f $peer_script ]]; then
  peer_skip="$peer_script not found"
else
  venv=.build-bench/venv
  if ! "$venv/bin/python" -c 'import eventsourcing' 2>/dev/null; then
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check 'eventsourcing==9.5.6'; } >"$work/pip.log" 2>&1; then
      peer_skip="could not install eventsourcing==9.5.6: $(tail -1 "$work/pip.log")"
    fi
  fi
  # Each run into peer-N.json; report.py takes each figure's median.
  for (( run = 1; run <= peer_runs; run++ )); do
    [[ -z $peer_skip ]] || break
    if ! "$venv/bin/python" "$peer_script" --events "$peer_events" --json > "$work/peer-$run.json" 2>"$work/peer.err"; then
      echo "run.sh: the Python peer failed:" >&2; cat "$work/peer.err" >&2; exit 1
    fi
    cat "$work/peer-$run.json" >&2; echo >&2
  done
fi
if [[ -n $peer_skip ]]; then
  echo "python peer: skipped ($peer_skip)" >&2
  rm -f "$work"/peer*.json
fi

step "report"
cat > "$work/meta.txt" <<EOF
date $(date -u +%Y-%m-%d)
time $(date -u +%H:%M)Z
commit $commit
nproc $(nproc)
cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
swift $(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*' | cut -d' ' -f3)
link $([[ $link == static ]] && echo statically || echo dynamically)
events $events
small $small
actors $actors
seed $seed
runs $runs
budget $budget
peer_events $peer_events
peer_runs $peer_runs
peer_skip $peer_skip
pair $actor toward $toward on $day
seconds $(( $(date +%s) - started ))
load $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end
EOF
out="${keep:+$work/last-run.md}"
out="${out:-.build-bench/last-run.md}"
python3 "$here/report.py" --work "$work" > "$out"
cat "$out"
echo "(written to $out)" >&2
