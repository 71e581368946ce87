#!/usr/bin/env bash
# Damaged stores: copies of a valid store truncated at several offsets, with random bytes
# overwritten at seeded offsets, an edited event, a file that is not SQLite, an empty file, an
# SQLite database that is not a stance store, and a store with a newer schema migration.
# For each, `stance info`, `stance position` and `stance audit` must never crash (no exit of
# 128 or more, no "Fatal error"), must name the file when they fail, and must leave the file
# byte-identical (SHA-256 before and after).
#
# What each must answer:
#   structural damage (empty, not SQLite, zeros, not a stance store, newer schema):
#     all three exit non-zero;
#   truncation (at page boundaries and inside pages, including one byte short of whole pages,
#     one byte of the last page left and half of it) and a file grown by one byte: all three
#     exit non-zero; a size that is not a whole number of pages is refused on opening;
#   overwritten bytes: audit exits non-zero whenever the stored rows differ from the original
#     (read independently with Python's sqlite3, immutable=1) or SQLite's PRAGMA integrity_check
#     fails (a damaged index: the rows read fine, but the file is malformed and later writes
#     go through that index); where the rows are intact and the integrity check passes (the
#     damage fell in unused space), exit 0 is accepted and shown.
#     info and position may answer from a store whose damage they do not read (info reads the
#     last row only; position decodes payloads but does not check hashes): shown, not a violation;
#   an event edited behind stance's back (triggers dropped, payload changed, triggers restored):
#     audit exits 1 naming the event; info and position may answer.
#
# usage: scripts/reliability-damage.sh [--events N] [--variants N] [--seed S] [--quick] [--keep]
#   --events N    size of the valid store (default 20000; 5000 with --quick)
#   --variants N  seeded random overwrites (default 24; 8 with --quick), besides the fixed cases
#   --seed S      seeds the log and the offsets (default 1)
#   --quick       the small sizes above: finishes in well under a minute
#   --keep        keep the work folder even when everything passed
# The binary is $STANCE_BIN, else .build/release/stance (in the current folder, else in the
# checkout this script is in); this script builds nothing.
# Prints one summary line at the end; exits 1 on any violation, 2 on a usage or setup error.
set -u -o pipefail

name=reliability-damage
events="" variants=""
own_option() {
    case "$1" in
        --events) events=${2-}; shift_by=2 ;;
        --variants) variants=${2-}; shift_by=2 ;;
    esac
}
source "$(dirname "$0")/reliability-common.sh"
parse_options "$@"
if [ "$quick" = 1 ]; then
    events=${events:-5000} variants=${variants:-8}
else
    events=${events:-20000} variants=${variants:-24}
fi
find_binary
command -v sqlite3 > /dev/null || echo "reliability-damage: no sqlite3 shell; the edited-event case is skipped"

work=$(mktemp -d "${TMPDIR:-/tmp}/stance-reliability-damage.XXXXXX")
started=$EPOCHREALTIME
export STANCE_NOW=2026-01-01T00:00:00Z
export STANCE_USER=reliability
tried=0 notes=0 audit_failed=0 info_answered=0 position_answered=0 changed=0
note() {
    notes=$((notes + 1))
    echo "  note: $*"
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

echo "reliability-damage: work folder $work, binary $BIN"
"$BIN" generate --events "$events" --actors 50 --seed "$seed" --output "$work/log.ndjson" > /dev/null &&
"$BIN" init --db "$work/valid.sqlite" > /dev/null &&
"$BIN" import --db "$work/valid.sqlite" "$work/log.ndjson" > /dev/null ||
    { echo "reliability-damage: could not build the valid store" >&2; exit 2; }
[ -e "$work/valid.sqlite-wal" ] && { echo "reliability-damage: the valid store kept a WAL; expected a checkpointed file" >&2; exit 2; }
size=$(stat -c %s "$work/valid.sqlite")
page=$(python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro&immutable=1', uri=True).execute('PRAGMA page_size').fetchone()[0])" "$work/valid.sqlite")
read -r valid_digest valid_integrity <<< "$(python3 "$lib" data-digest "$work/valid.sqlite")"
[ "$valid_integrity" = integrity=ok ] || { echo "reliability-damage: the valid store fails PRAGMA integrity_check" >&2; exit 2; }
"$BIN" audit --db "$work/valid.sqlite" > /dev/null || { echo "reliability-damage: the valid store does not audit clean" >&2; exit 2; }
echo "valid store: $events events, $size bytes, pages of $page bytes"

# run_case NAME KIND FILE [DESCRIPTION]: KIND is structural, truncated, overwrite or edit.
run_case() {
    local name=$1 kind=$2 file=$3 description=${4:-} before after digest intact cmd rc out line results=""
    tried=$((tried + 1))
    before=$(sha "$file")
    read -r digest integrity <<< "$(python3 "$lib" data-digest "$file")"
    integrity=${integrity#integrity=}
    intact=no
    [ "$digest" = "$valid_digest" ] && intact=yes
    for cmd in info position audit; do
        case $cmd in
            info) "$BIN" info --db "$file" > "$work/out" 2> "$work/err" ;;
            position) "$BIN" position actor-00001 --db "$file" --on 2020-06-30 > "$work/out" 2> "$work/err" ;;
            audit) "$BIN" audit --db "$file" > "$work/out" 2> "$work/err" ;;
        esac
        rc=$?
        line=$(head -c 200 "$work/err" | head -1)
        [ -z "$line" ] && [ "$cmd" = audit ] && line=$(grep -m1 -v '^ ' "$work/out" | head -c 200)
        results="$results $cmd=$rc"
        case "$cmd/$rc" in
            audit/0) ;; audit/*) audit_failed=$((audit_failed + 1)) ;;
            info/0) info_answered=$((info_answered + 1)) ;;
            position/0) position_answered=$((position_answered + 1)) ;;
        esac
        echo "  $cmd exit $rc: ${line:-(no message)}" >> "$work/case.log"
        if [ $rc -ge 128 ] || grep -qi -e "fatal error" -e "stack dump" -e "segmentation" "$work/out" "$work/err"; then
            violation "$name: '$cmd' crashed (exit $rc): $(head -c 300 "$work/err")"
        fi
        grep -qi "locked" "$work/err" && violation "$name: '$cmd' says locked: $line"
        if [ $rc -ne 0 ] && ! grep -qF "$file" "$work/err" "$work/out"; then
            violation "$name: '$cmd' exited $rc without naming $file: $line"
        fi
        if [ $rc -ne 0 ] && [ "$(grep -c . "$work/err")" -gt 1 ]; then
            note "$name: '$cmd' wrote $(grep -c . "$work/err") lines to standard error"
        fi
        if [ $rc -eq 0 ]; then
            case "$kind/$cmd" in
                structural/*) violation "$name: '$cmd' exited 0 on a $description store: $(head -c 200 "$work/out" | head -2 | tr '\n' ' ')" ;;
                truncated/info|truncated/position)
                    violation "$name: '$cmd' exited 0 on a store of $(stat -c %s "$file") bytes, $(( $(stat -c %s "$file") % page )) bytes past its last whole ${page}-byte page (rows intact: $intact): $(head -c 160 "$work/out" | head -2 | tr '\n' ' ')" ;;
                truncated/audit) violation "$name: audit exited 0 (clean) on a truncated or grown store" ;;
                overwrite/audit)
                    if [ "$intact" = no ]; then violation "$name: audit exited 0 but the rows differ from the original ($digest)"
                    elif [ "$integrity" != ok ]; then violation "$name: audit exited 0 (clean) on a file whose rows are intact but which SQLite's PRAGMA integrity_check rejects: $integrity"
                    else note "$name: audit clean; rows intact and integrity_check ok (the bytes fell in unused space)"; fi ;;
                edit/audit) violation "$name: audit exited 0 on an edited event" ;;
                overwrite/*) [ "$intact" = no ] && note "$name: '$cmd' answered (exit 0) from a store whose rows differ; audit is what checks them" ;;
            esac
        fi
    done
    after=$(sha "$file")
    [ "$before" = "$after" ] || { changed=$((changed + 1)); violation "$name: the file changed (sha256 $before -> $after)"; }
    local side=""
    [ -e "$file-wal" ] && side="$side -wal($(stat -c %s "$file-wal") bytes)"
    [ -e "$file-shm" ] && side="$side -shm"
    printf '%-26s %-10s rows %-4s %-22s%s%s\n' "$name" "$kind" "$intact" "integrity ${integrity:0:12}" "$results" "${side:+  left$side}"
    sed 's/^/    /' "$work/case.log"
    : > "$work/case.log"
    rm -f "$file-wal" "$file-shm"
}
: > "$work/case.log"

copy() { cp "$work/valid.sqlite" "$work/$1.sqlite"; echo "$work/$1.sqlite"; }

echo "case                       kind       rows intact, integrity_check, exits"
# The last four cut inside the last page: one byte short, half of it left, one byte of it
# left, and one byte too many.
for offset in 0 100 $page $((size / 2)) $((size - page)) $((size - 1)) $((size - page / 2)) $((size - page + 1)) $((size + 1)); do
    f=$(copy "truncated-$offset")
    truncate -s "$offset" "$f"
    run_case "$( [ "$offset" -gt "$size" ] && echo "grown to $offset" || echo "truncated at $offset")" truncated "$f"
done
f="$work/empty.sqlite"; : > "$f"
run_case "empty file" structural "$f" "empty"
f="$work/text.sqlite"; head -c 5000 "$work/log.ndjson" > "$f"
run_case "not SQLite (NDJSON)" structural "$f" "not-SQLite"
f="$work/zeros.sqlite"; head -c 65536 /dev/zero > "$f"
run_case "64 KiB of zeros" structural "$f" "zero-filled"
f="$work/other.sqlite"; python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE notes (t TEXT)'); c.commit()" "$f"
run_case "SQLite, not stance" structural "$f" "foreign SQLite"
f=$(copy newer-schema); python3 "$lib" newer-schema "$f"
run_case "newer schema migration" structural "$f" "newer-schema"

# Seeded overwrites: the header, the schema page, the last page, and random spans of the file.
f=$(copy overwrite-header); offsets=$(python3 "$lib" corrupt "$f" "$seed-header" 4 16 100)
run_case "header bytes" overwrite "$f"; echo "    offsets $offsets"
f=$(copy overwrite-page1); offsets=$(python3 "$lib" corrupt "$f" "$seed-page1" 16 100 "$page")
run_case "16 bytes of page 1" overwrite "$f"; echo "    offsets $offsets"
f=$(copy overwrite-last); offsets=$(python3 "$lib" corrupt "$f" "$seed-last" 16 $((size - page)) "$size")
run_case "16 bytes of the last page" overwrite "$f"; echo "    offsets $offsets"
for ((v = 1; v <= variants; v++)); do
    count=$(( 1 << ((v - 1) % 8) ))    # 1, 2, 4, ... 128 bytes, in turn
    f=$(copy "overwrite-$v"); offsets=$(python3 "$lib" corrupt "$f" "$seed-$v" "$count" 100 "$size")
    run_case "random $count byte(s) #$v" overwrite "$f"
    echo "    offsets $(cut -c1-120 <<< "$offsets")"
done

# One character of one id in the unique index on events(id): the rows are intact, SQLite's
# integrity check fails. If audit calls this clean, show what a write then does: record an
# event with that id, which the damaged index no longer finds, and see whether the log ends up
# holding two events with one id.
f=$(copy id-index); damaged_id=$(python3 "$lib" damage-id-index "$f")
run_case "1 byte of the id index" overwrite "$f"; echo "    the index entry of id $damaged_id changed"
f=$(copy id-index-write); python3 "$lib" damage-id-index "$f" > /dev/null
if "$BIN" audit --db "$f" > /dev/null 2>&1; then
    "$BIN" record support-declared --db "$f" --actor actor-00001 --toward actor-00002 --on 2019-11-11 --id "$damaged_id" > "$work/out" 2>&1
    rc=$?
    copies=$("$BIN" events --db "$f" --format ndjson 2> /dev/null | grep -c "\"id\":\"$damaged_id\"")
    echo "    after audit called it clean: 'stance record --id $damaged_id' exited $rc ($(head -c 120 "$work/out")); the log holds $copies events with that id"
    [ "$copies" -le 1 ] || violation "1 byte of the id index: audit called the store clean, then 'stance record --id $damaged_id' appended a second event with an id already stored (exit $rc); audit now says: $("$BIN" audit --db "$f" 2>&1 | grep -m1 '^  seq')"
fi
rm -f "$f-wal" "$f-shm"

# An event edited behind stance's back, as the README's audit section describes.
if command -v sqlite3 > /dev/null; then
    f=$(copy edited)
    triggers=$(sqlite3 "$f" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
    names=$(sqlite3 "$f" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
    {
        echo "BEGIN;"
        for n in $names; do echo "DROP TRIGGER \"$n\";"; done
        echo "UPDATE events SET payload = replace(payload, '\"actor\":\"actor-00001\"', '\"actor\":\"actor-00002\"') WHERE seq = (SELECT MIN(seq) FROM events WHERE seq > 100 AND payload LIKE '%\"actor\":\"actor-00001\"%');"
        echo "$triggers"
        echo "COMMIT;"
    } | sqlite3 "$f" || violation "edited: the sqlite3 shell could not edit the copy"
    run_case "event edited via sqlite3" edit "$f"
fi

elapsed=$(awk -v s="$started" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')
summary="reliability-damage: $tried damaged files tried ($size-byte store of $events events, $variants seeded overwrites): audit refused $audit_failed, info answered $info_answered, position answered $position_answered, files changed $changed; notes $notes; violations $violations; ${elapsed}s"
if [ $violations -eq 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else summary="$summary; work folder $work"; fi
echo "$summary"
[ $violations -eq 0 ]
