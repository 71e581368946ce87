#!/usr/bin/env bash
# Kills `stance import` and `stance record` with SIGKILL at seeded random moments and checks
# that the store always survives whole: it opens, `stance audit` is clean, and an import is
# either all there or not there at all; a `record` that printed "Recorded seq N" is in the log.
#
# usage: scripts/reliability-kill.sh [--kills N] [--records N] [--events N] [--actors N]
#                                    [--seed S] [--quick] [--keep]
#   --kills N    imports to kill (default 50; 20 with --quick)
#   --records N  records to kill (default: as many as --kills)
#   --events N   size of the generated NDJSON (default 200000; 20000 with --quick)
#   --actors N   actors in it (default 200; 50 with --quick)
#   --seed S     seeds the log, the delays and the ids (default 1)
#   --quick      the small sizes above: finishes in well under a minute
#   --keep       keep the work folder even when everything passed
# The binary is $STANCE_BIN, else .build/release/stance (in the current folder, else in the
# checkout this script is in); this script builds nothing.
# Prints one summary line at the end; exits 1 on any violation, 2 on a usage or setup error.
set -u -o pipefail

name=reliability-kill
kills="" records="" events="" actors=""
own_option() {
    case "$1" in
        --kills) kills=${2-}; shift_by=2 ;;
        --records) records=${2-}; shift_by=2 ;;
        --events) events=${2-}; shift_by=2 ;;
        --actors) actors=${2-}; shift_by=2 ;;
    esac
}
source "$(dirname "$0")/reliability-common.sh"
parse_options "$@"
if [ "$quick" = 1 ]; then
    kills=${kills:-20} events=${events:-20000} actors=${actors:-50}
else
    kills=${kills:-50} events=${events:-200000} actors=${actors:-200}
fi
records=${records:-$kills}
find_binary

work=$(mktemp -d "${TMPDIR:-/tmp}/stance-reliability-kill.XXXXXX")
started=$(date +%s.%N)
field() { python3 "$lib" json-field "$1"; }
# Records are given fixed times so that every run of the same seed writes the same chain.
export STANCE_NOW=2026-01-01T00:00:00Z
export STANCE_USER=reliability

# Runs info and audit on a store after a kill; sets info_count, info_head and digests (the
# projections' digests that audit prints, which cover every event's content but not the batch id
# and record times), or reports. The audit also checks that the base events are untouched.
check_store() {
    local db=$1 what=$2 rc
    info_count=-1 info_head="" digests=""
    "$BIN" info --db "$db" --format json > "$work/info.out" 2> "$work/info.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        violation "$what: 'stance info' exited $rc after the kill: $(head -c 300 "$work/info.err")"
        return
    fi
    info_count=$(field events < "$work/info.out")
    info_head=$(field head.hash < "$work/info.out")
    "$BIN" audit --db "$db" --format json --expect-head "$base_count:$base_head" > "$work/audit.out" 2> "$work/audit.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        violation "$what: 'stance audit' exited $rc after the kill: $( (field findings < "$work/audit.out") 2> /dev/null | head -c 400) $(head -c 300 "$work/audit.err")"
    else
        digests=$(field summary.digests < "$work/audit.out")
    fi
    if grep -qi -e "fatal error" -e "locked" "$work/info.err" "$work/audit.err"; then
        violation "$what: info or audit printed: $(cat "$work/info.err" "$work/audit.err" | head -c 300)"
    fi
}
# Waits for a killed job without bash's "Killed" notice; sets rc.
reap() { { wait "$1"; } 2> /dev/null; rc=$?; }

echo "reliability-kill: work folder $work, binary $BIN"
echo "generating $events events for $actors actors (seed $seed)"
"$BIN" generate --events "$events" --actors "$actors" --seed "$seed" --output "$work/log.ndjson" \
    || { echo "reliability-kill: stance generate failed" >&2; exit 2; }

# The base store: two actors of its own, so that "before" is not the empty log.
"$BIN" init --db "$work/base.sqlite" > /dev/null || { echo "reliability-kill: stance init failed" >&2; exit 2; }
"$BIN" actor add rel-a --db "$work/base.sqlite" --name "Reliability A" --kind person > /dev/null
"$BIN" actor add rel-b --db "$work/base.sqlite" --name "Reliability B" --kind institution > /dev/null
base_count=$("$BIN" info --db "$work/base.sqlite" --format json | field events)
base_head=$("$BIN" info --db "$work/base.sqlite" --format json | field head.hash)
check_store "$work/base.sqlite" "base store"
base_digests=$digests

# Calibration: one whole import, timed, to place the kills and learn the head after the file.
cp "$work/base.sqlite" "$work/calibration.sqlite"
timing=$(python3 "$lib" watch-import "$BIN" "$work/calibration.sqlite" "$work/log.ndjson") \
    || { echo "reliability-kill: the calibration import failed" >&2; exit 2; }
eval "$timing"   # total, wal_start, checkpoint_start
after_count=$("$BIN" info --db "$work/calibration.sqlite" --format json | field events)
check_store "$work/calibration.sqlite" "calibration store"
after_digests=$digests
if [ "$after_count" -ne $((base_count + events)) ]; then
    violation "calibration: the whole import left $after_count events, expected $((base_count + events))"
fi
echo "calibration: import takes ${total}s (WAL writes from ${wal_start}s, checkpoint from ${checkpoint_start}s); $base_count -> $after_count events"

# Part 1: kill imports. The store carries over from one kill to the next (a killed import leaves
# its WAL and shared memory for the next open to recover) until an import gets through whole;
# then it starts again from the base store.
store="$work/store.sqlite"
cp "$work/base.sqlite" "$store"
mapfile -t delays < <(python3 "$lib" delays "$seed" "$kills" "$total" "$wal_start" "$checkpoint_start")
rolled_back=0 committed=0 completed=0 hot_wal=0 killed=0
for ((i = 0; i < kills; i++)); do
    delay=${delays[$i]}
    what="import kill $((i + 1))/$kills (seed $seed, delay ${delay}s)"
    "$BIN" import --db "$store" "$work/log.ndjson" > "$work/import.out" 2> "$work/import.err" &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2> /dev/null
    reap "$pid"
    if [ $rc -eq 137 ]; then
        killed=$((killed + 1))
    elif [ $rc -ne 0 ]; then
        violation "$what: import exited $rc before the kill: $(head -c 300 "$work/import.err")"
    fi
    [ -s "$store-wal" ] && hot_wal=$((hot_wal + 1))
    check_store "$store" "$what"
    if [ "$info_count" = "$base_count" ] && [ "$info_head" = "$base_head" ] && [ "$digests" = "$base_digests" ]; then
        if [ $rc -eq 0 ]; then
            violation "$what: import printed '$(cat "$work/import.out")' but the store still has $info_count events"
        fi
        rolled_back=$((rolled_back + 1))
    elif [ "$info_count" = "$after_count" ] && [ "$digests" = "$after_digests" ]; then
        if [ $rc -eq 0 ]; then completed=$((completed + 1)); else committed=$((committed + 1)); fi
        rm -f "$store" "$store-wal" "$store-shm"
        cp "$work/base.sqlite" "$store"
    else
        if [ -n "$digests" ]; then
            violation "$what: the store holds $info_count events (head $info_head, digests $digests); expected $base_count (head $base_head, digests $base_digests) or $after_count (digests $after_digests)"
        fi
        mkdir -p "$work/violation-$i" && cp "$store"* "$work/violation-$i/"
        rm -f "$store" "$store-wal" "$store-shm"
        cp "$work/base.sqlite" "$store"
    fi
done
echo "imports: $kills runs, $killed killed; rolled back $rolled_back, committed before the kill $committed, finished $completed; $hot_wal left a WAL to recover"

# Part 2: kill single records. Each has a fixed id, so that the log can be searched for it.
rstore="$work/records.sqlite"
cp "$work/base.sqlite" "$rstore"
python3 "$lib" uuids "$seed" $((records + 5)) > "$work/record-ids"
mapfile -t ids < "$work/record-ids"
: > "$work/printed-ids"
# One support-declared event by rel-a toward rel-b. Started with "${record[@]}" directly, never
# through a function: a function in the background runs in a subshell, and SIGKILL would then
# kill the subshell and leave stance running.
record=("$BIN" record support-declared --db "$rstore" --actor rel-a --toward rel-b --on 2019-11-10 --id)
# Calibration: the median of five uninterrupted records; the kills fall in [0, 1.6 x that].
: > "$work/record-times"
for k in 0 1 2 3 4; do
    t0=$(date +%s.%N)
    "${record[@]}" "${ids[$k]}" > /dev/null || violation "record calibration: record exited $?"
    echo "$t0 $(date +%s.%N)" | awk '{ printf "%.4f\n", $2 - $1 }' >> "$work/record-times"
    echo "${ids[$k]}" >> "$work/printed-ids"
done
record_time=$(sort -n "$work/record-times" | sed -n 3p)
mapfile -t rdelays < <(python3 "$lib" rand "$seed" "$records" 0 "$(awk -v t="$record_time" 'BEGIN { printf "%.4f", t * 1.6 }')")
before=$((base_count + 5))
printed=0 rkilled=0
for ((i = 0; i < records; i++)); do
    id=${ids[$((i + 5))]}
    delay=${rdelays[$i]}
    what="record kill $((i + 1))/$records (seed $seed, delay ${delay}s, id $id)"
    "${record[@]}" "$id" > "$work/record.out" 2> "$work/record.err" &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2> /dev/null
    reap "$pid"
    if [ $rc -eq 137 ]; then
        rkilled=$((rkilled + 1))
    elif [ $rc -ne 0 ]; then
        violation "$what: record exited $rc before the kill: $(head -c 300 "$work/record.err")"
    fi
    expected_seq=""
    if grep -q "^Recorded seq [0-9]* (id $id)\.$" "$work/record.out"; then
        printed=$((printed + 1))
        echo "$id" >> "$work/printed-ids"
        expected_seq=$(sed -n 's/^Recorded seq \([0-9]*\) .*/\1/p' "$work/record.out")
        [ "$expected_seq" = $((before + 1)) ] || violation "$what: printed seq $expected_seq, expected $((before + 1))"
    elif [ $rc -eq 0 ]; then
        violation "$what: record exited 0 without printing 'Recorded seq': $(cat "$work/record.out")"
    fi
    check_store "$rstore" "$what"
    if [ "$info_count" = $((before + 1)) ]; then
        before=$info_count
    elif [ "$info_count" = "$before" ]; then
        [ -n "$expected_seq" ] && violation "$what: printed 'Recorded seq $expected_seq' but the store has $info_count events"
    elif [ "$info_count" != -1 ]; then
        violation "$what: the store holds $info_count events; expected $before or $((before + 1))"
        before=$info_count
    fi
done
"$BIN" events --db "$rstore" --format ndjson > "$work/records.ndjson" 2> "$work/events.err" \
    || violation "records: 'stance events --format ndjson' exited $?: $(head -c 300 "$work/events.err")"
check=$(python3 "$lib" check-log "$work/records.ndjson" --must "$work/printed-ids" --once "$work/record-ids")
rc=$?
echo "records log check: $check" | head -1
if [ $rc -ne 0 ]; then
    while IFS= read -r line; do violation "records log: ${line#VIOLATION: }"; done < <(grep '^VIOLATION' <<< "$check")
fi
present=$(python3 "$lib" count-ids "$work/records.ndjson" "$work/record-ids")
unreported=$((present - printed - 5))
echo "records: $records runs (about ${record_time}s each), $rkilled killed; $printed printed success, $unreported committed without printing, $((records - printed - unreported)) not written"

elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
summary="reliability-kill: imports of $events events: $kills runs, $killed killed, rolled back $rolled_back, committed before the kill $committed, finished $completed, WAL recoveries $hot_wal; records: $records runs, $rkilled killed, printed $printed, committed unprinted $unreported; violations $violations; ${elapsed}s"
if [ $violations -eq 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else summary="$summary; work folder $work"; fi
echo "$summary"
[ $violations -eq 0 ]
