#!/usr/bin/env bash
# libFuzzer over the event decoder: builds Fuzz/DecoderFuzzer.swift together with
# Sources/StanceDomain (swiftc -sanitize=fuzzer,address, not SwiftPM, so `swift build` and
# `swift test` are untouched) and runs it over a copy of Fuzz/corpus/decoder.
#
# Each input is one NDJSON line. The target parses it, decodes it as an EventLine in UTC and in
# America/La_Paz, and for an accepted line checks that the canonical payload parses back equal,
# that the stored form (payload + occurred_at + precision) decodes to the same event, and that
# the exported line imports as the same line. Thrown errors are fine; a trap, a crash, an
# AddressSanitizer report, a timeout or running out of memory is a finding.
#
# usage: scripts/fuzz-decoder.sh [--seconds N | --runs N | --quick] [--seed S] [--grow-corpus]
#   --seconds N     fuzz for N seconds (default 300)
#   --runs N        fuzz for N inputs instead of a time
#   --quick         30 seconds, for a CI smoke run
#   --seed S        libFuzzer's seed (default: random; printed either way)
#   --grow-corpus   afterwards, merge inputs that add coverage into Fuzz/corpus/decoder
#                   (left alone otherwise: the run works on a copy)
#   --help          this text
# Everything is built and written under .build-fuzz/ (gitignored): the binary, the run's corpus
# copy and log in .build-fuzz/run/, and any finding in .build-fuzz/findings/, which is kept.
# Prints one summary line; exits 1 on a finding, 2 on a usage or build error.
set -euo pipefail

usage() { sed -n '/^# usage:/,/^# Everything/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

seconds=300 runs="" seed="" grow=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; runs=""; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --quick) seconds=30; runs=""; shift ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --grow-corpus) grow=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fuzz-decoder: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for number in "$seconds" ${runs:+"$runs"} ${seed:+"$seed"}; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "fuzz-decoder: '$number' is not a whole number" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH=/opt/swift/usr/bin:$PATH
out=.build-fuzz
bin=$out/decoder-fuzzer
corpus=Fuzz/corpus/decoder
mkdir -p "$out/findings"

# Rebuild only when a source is newer than the binary: the compile takes most of a quick run.
sources=(Sources/StanceDomain/*.swift Fuzz/DecoderFuzzer.swift)
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" "$0" -newer "$bin" 2>/dev/null | head -1)" ]; then
  echo "== building $bin"
  build_start=$SECONDS
  # One module (StanceDomain's internals are visible), the package's language mode and
  # upcoming features; lld because gold warns about every ASan helper symbol.
  if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 \
      -enable-upcoming-feature ExistentialAny -use-ld=lld -module-name DecoderFuzzer \
      "${sources[@]}" -o "$bin.tmp" > "$out/build.log" 2>&1; then
    cat "$out/build.log" >&2
    echo "fuzz-decoder: the build failed (needs a Linux Swift toolchain with libFuzzer)" >&2
    exit 2
  fi
  mv "$bin.tmp" "$bin"
  echo "   built in $((SECONDS - build_start)) s"
fi

# A fresh copy of the corpus, so that new inputs never dirty the repository unless asked.
run=$out/run
rm -rf "$run"
mkdir -p "$run"
cp -R "$corpus" "$run/corpus"
seed=${seed:-$(( (RANDOM << 15 | RANDOM) + 1 ))}
limit=(-max_total_time="$seconds")
[ -n "$runs" ] && limit=(-runs="$runs")
log=$run/fuzz.log
budget="$seconds s"
[ -n "$runs" ] && budget="$runs runs"
echo "== fuzzing (seed $seed, $budget); log: $log"

# max_len: real lines are under 1 KB and 4 KB leaves room for structure; the 1 MiB line limit
# is checked before parsing. timeout: a line normally takes microseconds. rss: ASan's shadow
# and quarantine need room, but a leak or a blow-up must still stop the run.
# Swift's own crash backtracer reads the stack from a helper thread, which AddressSanitizer
# reports as a stack-buffer-underflow on top of the real fault: leave crash reports to libFuzzer.
status=0
SWIFT_BACKTRACE=enable=no "$bin" "${limit[@]}" -seed="$seed" -dict=Fuzz/decoder.dict -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$out/findings/" "$run/corpus" > "$log" 2>&1 || status=$?

stat() { awk -v key="stat::$1:" '$1 == key { print $2 }' "$log" | tail -1; }
executed=$(stat number_of_executed_units)
speed=$(stat average_exec_per_sec)
took=$(awk '/^Done [0-9]+ runs in [0-9]+ second/ { print $5 }' "$log" | tail -1)
size=$(find "$run/corpus" -type f | wc -l | tr -d ' ')

if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  finding=$(grep -o "$out/findings/[^ ]*" "$log" | tail -1 || true)
  grep -m1 -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)' "$log" >&2 || true
  echo "fuzz-decoder: FINDING (exit $status) after ${executed:-?} runs; input kept at ${finding:-$out/findings/}" >&2
  [ -n "$finding" ] && echo "   reproduce: $bin $finding" >&2
  exit 1
fi

if [ "$grow" -eq 1 ]; then
  before=$(find "$corpus" -type f | wc -l | tr -d ' ')
  "$bin" -merge=1 -max_len=4096 "$corpus" "$run/corpus" > "$run/merge.log" 2>&1
  echo "   --grow-corpus: $corpus has $(find "$corpus" -type f | wc -l | tr -d ' ') inputs (was $before)"
fi

echo "fuzz-decoder: ${executed:-?} runs in ${took:-?} s (${speed:-?} exec/s), corpus $size inputs, seed $seed: no crash"
