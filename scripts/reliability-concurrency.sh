#!/usr/bin/env bash
# Several processes append to one store at once while another reads it, and nothing is lost,
# doubled or reordered: W writers each append E events (a seeded mix of single `stance record`
# calls and small `stance import` batches, each writer on its own two actors, every event with a
# fixed id), and a reader asks `position` and `info` throughout. Afterwards: exactly W x E new
# events, every planned id once, seq gap-free, `stance audit` clean, no "locked" on any standard
# error, every command exits 0, or 75 with a clear busy message, in which case it is retried
# with the same ids and must have written nothing.
#
# Then expected-version races: in each of R rounds, two `stance record --expect-version V` for
# one actor start together, V read with `stance info --stream`; exactly one must record and the
# other exit 75 naming --expect-version, and the stream must move on by exactly one.
#
# Then the busy timeout itself: another connection holds the write lock until they give up,
# longer than stance's 10 s busy timeout; a record and an import must exit 75 naming the store, write
# nothing, and succeed when retried, while a position query answers meanwhile.
#
# usage: scripts/reliability-concurrency.sh [--writers W] [--events E] [--bulk N] [--seed S] [--quick] [--keep]
#   --writers W  writer processes (default 4)
#   --events E   events per writer (default 500; 200 with --quick)
#   --races R    expected-version races (default 20; 10 with --quick)
#   --bulk N     also import a generated log of N events in one batch while the writers run
#                (default 0: none; every later record replays those events, so keep E small)
#   --seed S     seeds the plans and the ids (default 1)
#   --quick      the small size above: finishes in well under a minute
#   --keep       keep the work folder even when everything passed
# The binary is $STANCE_BIN, else .build/release/stance (in the current folder, else in the
# checkout this script is in); this script builds nothing.
# Prints one summary line at the end; exits 1 on any violation, 2 on a usage or setup error.
set -u -o pipefail

name=reliability-concurrency
writers=4 events="" bulk=0 races=""
own_option() {
    case "$1" in
        --races) races=${2-}; shift_by=2 ;;
        --writers) writers=${2-}; shift_by=2 ;;
        --events) events=${2-}; shift_by=2 ;;
        --bulk) bulk=${2-}; shift_by=2 ;;
    esac
}
source "$(dirname "$0")/reliability-common.sh"
parse_options "$@"
if [ "$quick" = 1 ]; then events=${events:-200} races=${races:-10}; else events=${events:-500} races=${races:-20}; fi
find_binary

work=$(mktemp -d "${TMPDIR:-/tmp}/stance-reliability-concurrency.XXXXXX")
started=$EPOCHREALTIME
field() { python3 "$lib" json-field "$1"; }
# The real clock, not $STANCE_NOW: concurrent writers must still give recorded_at that never
# decreases with seq, which the store's trigger and audit check.
unset STANCE_NOW
export STANCE_USER=reliability
db="$work/store.sqlite"
retries=8

echo "reliability-concurrency: work folder $work, binary $BIN"
"$BIN" init --db "$db" > /dev/null || { echo "reliability-concurrency: stance init failed" >&2; exit 2; }
for ((w = 1; w <= writers; w++)); do
    "$BIN" actor add "rw$w-a" --db "$db" --name "Writer $w speaker" --kind person > /dev/null &&
    "$BIN" actor add "rw$w-b" --db "$db" --name "Writer $w target" --kind institution > /dev/null ||
        { echo "reliability-concurrency: stance actor add failed" >&2; exit 2; }
    python3 "$lib" writer-plan "$seed" "$w" "$events" "$work/w$w" || exit 2
done
base=$("$BIN" info --db "$db" --format json | field events)
cat "$work"/w*/ids > "$work/all-ids"
if [ "$bulk" -gt 0 ]; then
    "$BIN" generate --events "$bulk" --actors 50 --seed "$seed" --output "$work/bulk.ndjson" \
        || { echo "reliability-concurrency: stance generate failed" >&2; exit 2; }
fi

# The bulk import, if any: one batch of $bulk events, retried on 75 like the writers.
bulk_import() {
    local attempt rc
    : > "$work/bulk.violations"; : > "$work/bulk.err"; : > "$work/bulk.busy"
    for ((attempt = 1; attempt <= retries; attempt++)); do
        "$BIN" import --db "$db" "$work/bulk.ndjson" > "$work/bulk.out" 2> "$work/bulk.last.err"
        rc=$?
        sed "s|^|bulk import attempt $attempt exit $rc: |" "$work/bulk.last.err" >> "$work/bulk.err"
        [ $rc -eq 75 ] && { echo "bulk import: $(cat "$work/bulk.last.err")" >> "$work/bulk.busy"; continue; }
        [ $rc -eq 0 ] || echo "bulk import: exit $rc: $(head -c 300 "$work/bulk.last.err")" >> "$work/bulk.violations"
        grep -q "^Imported $bulk events (seq " "$work/bulk.out" || [ $rc -ne 0 ] \
            || echo "bulk import: attempt $attempt printed: $(cat "$work/bulk.out")" >> "$work/bulk.violations"
        return
    done
    echo "bulk import: still busy after $retries attempts" >> "$work/bulk.violations"
}

# One writer: runs its plan, retrying a command that exits 75 with the same ids. Writes
# w$N/violations, w$N/busy (one line per exit 75), w$N/stats and every standard error to w$N/err.
writer() {
    local w=$1 dir="$work/w$1" kind a b c d rest attempt rc out t0 records=0 imports=0 busy=0 slowest=0 op=0
    : > "$dir/violations"; : > "$dir/busy"; : > "$dir/err"
    while read -r kind a b c d rest; do
        op=$((op + 1))
        for ((attempt = 1; ; attempt++)); do
            t0=$EPOCHREALTIME
            if [ "$kind" = record ]; then
                # a=id b=type c=actor d=toward rest="day [--option value]..." (underscores for spaces)
                set -- $rest
                local day=$1; shift
                local extra=()
                while [ $# -gt 0 ]; do extra+=("$1" "${2//_/ }"); shift 2; done
                out=$("$BIN" record "$b" --db "$db" --actor "$c" --toward "$d" --on "$day" --id "$a" "${extra[@]}" 2> "$dir/last.err")
            else
                out=$("$BIN" import --db "$db" "$a" 2> "$dir/last.err")
            fi
            rc=$?
            slowest=$(awk -v s="$t0" -v e="$EPOCHREALTIME" -v m="$slowest" 'BEGIN { d = e - s; print (d > m ? d : m) }')
            if [ -s "$dir/last.err" ]; then sed "s|^|writer $w op $op ($kind) attempt $attempt exit $rc: |" "$dir/last.err" >> "$dir/err"; fi
            if [ $rc -eq 75 ]; then
                busy=$((busy + 1))
                echo "op $op ($kind $a): $(cat "$dir/last.err")" >> "$dir/busy"
                if ! grep -qF "$db" "$dir/last.err" || ! grep -qi "busy" "$dir/last.err"; then
                    echo "writer $w op $op ($kind $a): exit 75 without a clear busy message naming the store: $(head -c 300 "$dir/last.err")" >> "$dir/violations"
                fi
                if [ "$attempt" -ge "$retries" ]; then
                    echo "writer $w op $op ($kind $a): still busy after $retries attempts" >> "$dir/violations"
                    break
                fi
                continue
            fi
            if [ $rc -ne 0 ]; then
                echo "writer $w op $op ($kind $a): exit $rc: $(head -c 300 "$dir/last.err")" >> "$dir/violations"
                break
            fi
            # A retry after exit 75 must find nothing of the failed attempt in the store.
            if [ "$kind" = record ]; then
                records=$((records + 1))
                if [[ "$out" == "Already recorded"* ]]; then
                    echo "writer $w op $op (record $a): attempt $attempt found it already recorded: an earlier attempt exited 75 yet wrote it ($out)" >> "$dir/violations"
                elif [[ "$out" != "Recorded seq "*"(id $a)." ]]; then
                    echo "writer $w op $op (record $a): unexpected output: $out" >> "$dir/violations"
                fi
            else
                imports=$((imports + 1))
                if [[ "$out" != "Imported $b event (seq "*")." && "$out" != "Imported $b events (seq "*")." ]]; then
                    echo "writer $w op $op (import $a of $b events), attempt $attempt: expected 'Imported $b events (seq …).', got: $out" >> "$dir/violations"
                fi
            fi
            break
        done
    done < "$dir/ops"
    echo "records=$records imports=$imports busy=$busy slowest=$slowest" > "$dir/stats"
}

# The reader: position and info in turn until the writers are done; the event count it sees
# must never go down, and every query must answer.
reader() {
    local reads=0 failures=0 last=0 count rc w
    : > "$work/reader.err"; : > "$work/reader.violations"
    while [ ! -e "$work/writers-done" ]; do
        w=$(( (reads % writers) + 1 ))
        "$BIN" position "rw$w-a" --db "$db" --toward "rw$w-b" --on 2019-12-31 --format json > /dev/null 2> "$work/reader.last.err"
        rc=$?
        [ -s "$work/reader.last.err" ] && sed "s|^|reader position exit $rc: |" "$work/reader.last.err" >> "$work/reader.err"
        if [ $rc -ne 0 ]; then
            failures=$((failures + 1))
            echo "reader: position rw$w-a exited $rc: $(head -c 300 "$work/reader.last.err")" >> "$work/reader.violations"
        fi
        count=$("$BIN" info --db "$db" --format json 2> "$work/reader.last.err" | field events 2> /dev/null)
        rc=$?
        [ -s "$work/reader.last.err" ] && sed "s|^|reader info: |" "$work/reader.last.err" >> "$work/reader.err"
        if [ $rc -ne 0 ] || [ -z "$count" ]; then
            failures=$((failures + 1))
            echo "reader: info failed: $(head -c 300 "$work/reader.last.err")" >> "$work/reader.violations"
        elif [ "$count" -lt "$last" ]; then
            echo "reader: the event count went down from $last to $count" >> "$work/reader.violations"
        else
            last=$count
        fi
        reads=$((reads + 2))
    done
    echo "reads=$reads failures=$failures" > "$work/reader.stats"
}

echo "$writers writers x $events events on a store of $base events, plus a reader$( [ "$bulk" -gt 0 ] && echo " and a bulk import of $bulk events")"
reader &
reader_pid=$!
t_writers=$EPOCHREALTIME
pids=()
if [ "$bulk" -gt 0 ]; then
    # Start the writers once the bulk import's transaction is writing (its WAL grows), so that
    # they queue behind its write lock rather than finish before it takes it.
    wal_before=$(stat -c %s "$db-wal" 2> /dev/null || echo 0)
    bulk_import & pids+=($!)
    for ((i = 0; i < 600; i++)); do
        [ "$(stat -c %s "$db-wal" 2> /dev/null || echo 0)" -gt $((wal_before + 1048576)) ] && break
        sleep 0.05
    done
    echo "bulk import writing after $(elapsed_since "$t_writers")s; starting the writers"
fi
for ((w = 1; w <= writers; w++)); do
    writer "$w" &
    pids+=($!)
done
writer_failures=0
for pid in "${pids[@]}"; do wait "$pid" || writer_failures=$((writer_failures + 1)); done
write_seconds=$(elapsed_since "$t_writers")
touch "$work/writers-done"
wait "$reader_pid"

[ $writer_failures -eq 0 ] || violation "$writer_failures writer processes exited non-zero"
while IFS= read -r line; do violation "$line"; done < <(cat "$work"/w*/violations "$work/reader.violations" "$work"/bulk.violations 2> /dev/null)
while IFS= read -r line; do violation "a standard error line mentions locking: $line"; done < <(grep -ih -e locked -e "fatal error" "$work"/w*/err "$work/reader.err" "$work"/bulk.err 2> /dev/null)

records=0 imports=0 busy=0 slowest=0
for ((w = 1; w <= writers; w++)); do
    eval "$(sed 's/^/local_/; s/ / local_/g' "$work/w$w/stats")"
    records=$((records + local_records)) imports=$((imports + local_imports)) busy=$((busy + local_busy))
    slowest=$(awk -v a="$slowest" -v b="$local_slowest" 'BEGIN { print (b > a ? b : a) }')
done
eval "$(sed 's/^/reader_/; s/ / reader_/g' "$work/reader.stats")"

busy_timeouts=0
count=$("$BIN" info --db "$db" --format json | field events)
expected=$((base + writers * events + bulk))
[ "$count" = "$expected" ] || violation "the store holds $count events; expected $base + $writers x $events + $bulk = $expected"
"$BIN" events --db "$db" --format ndjson > "$work/export.ndjson" 2> "$work/events.err" \
    || violation "'stance events --format ndjson' exited $?: $(head -c 300 "$work/events.err")"
check=$(python3 "$lib" check-log "$work/export.ndjson" --must "$work/all-ids" --once "$work/all-ids")
rc=$?
echo "log check: $(head -1 <<< "$check")"
if [ $rc -ne 0 ]; then
    while IFS= read -r line; do violation "log: ${line#VIOLATION: }"; done < <(grep '^VIOLATION' <<< "$check")
fi
"$BIN" audit --db "$db" > "$work/audit.out" 2> "$work/audit.err"
rc=$?
[ $rc -eq 0 ] || violation "'stance audit' exited $rc: $(grep -v '^ ' "$work/audit.out" | head -c 400) $(head -c 300 "$work/audit.err")"
audit_rc=$rc
# The busy timeout itself: another connection holds the write lock until both writes below have
# returned (at most 300 s), so longer than the 10 s timeout whatever their replay costs first. A record and an import must then exit 75 with a clear message naming the store,
# write nothing, and succeed when retried; a position query must answer meanwhile (WAL readers
# do not wait for writers).
echo "busy phase: holding the write lock from another connection until a record and an import give up"
before=$("$BIN" info --db "$db" --format json | field events)
python3 "$lib" uuids "busy-$seed" 2 > "$work/busy-ids"
mapfile -t busy_ids < "$work/busy-ids"
printf '{"id":"%s","type":"protest-held","occurredAt":"2019-11-11","actor":"rw1-a","toward":"rw1-b"}\n' "${busy_ids[1]}" > "$work/busy.ndjson"
rm -f "$work/lock-held" "$work/lock-release"
python3 "$lib" hold-lock "$db" 300 "$work/lock-held" "$work/lock-release" &
lock_pid=$!
for ((i = 0; i < 100; i++)); do [ -e "$work/lock-held" ] && break; sleep 0.05; done
[ -e "$work/lock-held" ] || violation "busy phase: could not take the write lock from Python's sqlite3"
t0=$EPOCHREALTIME
"$BIN" record protest-held --db "$db" --actor rw1-a --toward rw1-b --on 2019-11-11 --id "${busy_ids[0]}" > "$work/busy-record.out" 2> "$work/busy-record.err" &
record_pid=$!
"$BIN" import --db "$db" "$work/busy.ndjson" > "$work/busy-import.out" 2> "$work/busy-import.err" &
import_pid=$!
"$BIN" position rw1-a --db "$db" --toward rw1-b --on 2019-12-31 > /dev/null 2> "$work/busy-position.err"
rc=$?
read_seconds=$(elapsed_since "$t0")
[ $rc -eq 0 ] || violation "busy phase: position exited $rc while a writer held the lock: $(head -c 300 "$work/busy-position.err")"
wait "$record_pid"; record_rc=$?
wait "$import_pid"; import_rc=$?
busy_seconds=$(elapsed_since "$t0")
touch "$work/lock-release"
wait "$lock_pid"
for what in record import; do
    if [ "$what" = record ]; then what_rc=$record_rc; else what_rc=$import_rc; fi
    message=$(cat "$work/busy-$what.err")
    echo "  $what under a held lock: exit $what_rc after ${busy_seconds}s: $message"
    [ "$what_rc" = 75 ] || violation "busy phase: $what exited $what_rc, not 75, while the lock was held past the timeout: $(cat "$work/busy-$what.out") $message"
    if [ "$what_rc" = 75 ]; then
        busy_timeouts=$((busy_timeouts + 1))
        grep -qF "$db" <<< "$message" && grep -qi busy <<< "$message" || violation "busy phase: $what's exit 75 message does not name the store and say it is busy: $message"
    fi
    grep -qi locked <<< "$message" && violation "busy phase: $what printed 'locked': $message"
done
after=$("$BIN" info --db "$db" --format json | field events)
[ "$after" = "$before" ] || violation "busy phase: the store went from $before to $after events while every write should have failed"
"$BIN" record protest-held --db "$db" --actor rw1-a --toward rw1-b --on 2019-11-11 --id "${busy_ids[0]}" > "$work/busy-retry.out" 2>&1 \
    || violation "busy phase: the retried record exited $?: $(cat "$work/busy-retry.out")"
"$BIN" import --db "$db" "$work/busy.ndjson" > "$work/busy-retry-import.out" 2>&1 \
    || violation "busy phase: the retried import exited $?: $(cat "$work/busy-retry-import.out")"
grep -q "^Recorded seq $((before + 1)) " "$work/busy-retry.out" || violation "busy phase: the retried record printed: $(cat "$work/busy-retry.out")"
grep -q "^Imported 1 event (seq $((before + 2)))" "$work/busy-retry-import.out" || violation "busy phase: the retried import printed: $(cat "$work/busy-retry-import.out")"
echo "  position answered in ${read_seconds}s meanwhile; retries after the lock was released: $(cat "$work/busy-retry.out") $(cat "$work/busy-retry-import.out")"

if [ "$busy" -gt 0 ]; then
    echo "busy exits (75), each retried with the same ids:"
    cat "$work"/w*/busy | head -5
fi
bulk_busy=$(cat "$work/bulk.busy" 2> /dev/null | wc -l)
busy=$((busy + bulk_busy))

# Expected-version races: two records of one stream with the same --expect-version, started
# together, alternating which starts first and which writer's actor is raced for.
echo "expected-version races: $races rounds of two records with the same --expect-version"
race_wins=0 race_conflicts=0
for ((r = 1; r <= races; r++)); do
    actor="rw$(( (r - 1) % writers + 1 ))-a"
    version=$("$BIN" info --db "$db" --stream "$actor" --format json | field stream.version)
    order=(one two); [ $((r % 2)) -eq 0 ] && order=(two one)
    pids=()
    for who in "${order[@]}"; do
        "$BIN" record protest-held --db "$db" --actor "$actor" --toward "${actor%-a}-b" --on 2019-11-12 \
            --summary "race $r $who" --expect-version "$version" > "$work/race-$who.out" 2> "$work/race-$who.err" &
        pids+=($!)
    done
    codes=""
    for pid in "${pids[@]}"; do wait "$pid"; codes="$codes $?"; done
    wins=0 conflicts=0
    for who in one two; do
        if grep -q "^Recorded seq" "$work/race-$who.out"; then wins=$((wins + 1))
        elif grep -q -- "--expect-version $version does not hold" "$work/race-$who.err"; then conflicts=$((conflicts + 1))
        else violation "race $r ($actor at version $version): writer $who neither recorded nor reported the conflict: $(cat "$work/race-$who.out" "$work/race-$who.err" | head -c 300)"; fi
    done
    [ "$codes" = " 0 75" ] || [ "$codes" = " 75 0" ] \
        || violation "race $r ($actor at version $version): exit codes$codes, expected one 0 and one 75"
    after_version=$("$BIN" info --db "$db" --stream "$actor" --format json | field stream.version)
    [ "$after_version" = $((version + 1)) ] || violation "race $r: $actor's stream went from $version to $after_version, expected $((version + 1))"
    race_wins=$((race_wins + wins)) race_conflicts=$((race_conflicts + conflicts))
done
echo "  $race_wins won, $race_conflicts exited 75 with a conflict"

new=$((count - base - bulk))
"$BIN" audit --db "$db" > "$work/audit.out" 2> "$work/audit.err"
rc=$?
[ $rc -eq 0 ] || violation "'stance audit' after the busy phase exited $rc: $(grep -v '^ ' "$work/audit.out" | head -c 400)"
summary="reliability-concurrency: $writers writers appended $new events ($records records, $imports import batches)$( [ "$bulk" -gt 0 ] && echo " beside a bulk import of $bulk") in ${write_seconds}s, slowest command ${slowest}s; busy exits 75: $busy (retried, nothing lost); reader: $reader_reads queries, $reader_failures failed; audit exit $audit_rc; lock held past the timeout: $busy_timeouts of 2 writes exited 75 after ${busy_seconds}s, position answered in ${read_seconds}s; final audit exit $rc; expected-version races: $races, $race_wins won and $race_conflicts exited 75; violations $violations; $(elapsed_since "$started")s"
if [ $violations -eq 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else summary="$summary; work folder $work"; fi
echo "$summary"
[ $violations -eq 0 ]
