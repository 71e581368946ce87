# Shared by scripts/reliability-*.sh; sourced, never run. What the three scripts did each in
# their own copy: the option loop, --help, finding the binary, and recording violations.
#
# A script sets `name` (for messages) and its defaults, defines `own_option` for the options
# only it takes, then sources this file and calls `parse_options "$@"` and `find_binary`.
#
#   own_option ARGS...  looks at "$1" (its value, if any, is "$2") and sets `shift_by` to the
#                       number of arguments it took, or leaves it 0 when "$1" is not its own.
#
# Every script takes --seed S, --quick and --keep (setting seed, quick and keep) and -h/--help,
# which prints the script's leading comment. An unknown argument exits 2.

here=$(cd "$(dirname "$0")" && pwd)
lib="$here/reliability_lib.py"
seed=1 quick=0 keep=0
violations=0

# Parses the command line into the script's variables; exits 0 after --help, 2 on a mistake.
parse_options() {
    while [ $# -gt 0 ]; do
        shift_by=0
        own_option "$@"
        if [ "$shift_by" -gt 0 ]; then
            if [ $# -lt "$shift_by" ]; then echo "$name: $1 needs a value (see --help)" >&2; exit 2; fi
            shift "$shift_by"
            continue
        fi
        case "$1" in
            --seed) [ $# -ge 2 ] || { echo "$name: --seed needs a value (see --help)" >&2; exit 2; }; seed=$2; shift 2 ;;
            --quick) quick=1; shift ;;
            --keep) keep=1; shift ;;
            -h|--help) print_help; exit 0 ;;
            *) echo "$name: unknown argument '$1' (see --help)" >&2; exit 2 ;;
        esac
    done
}

# Prints the script's leading comment block (after the #! line), without the '# '.
print_help() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# Sets BIN: $STANCE_BIN, else .build/release/stance in the current folder, else in the checkout
# the script is in; made absolute. Exits 2 when there is no executable there: nothing is built.
find_binary() {
    BIN=${STANCE_BIN:-.build/release/stance}
    if [ -z "${STANCE_BIN:-}" ] && [ ! -x "$BIN" ]; then BIN="$here/../$BIN"; fi
    case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
    [ -x "$BIN" ] || { echo "$name: no stance binary at $BIN; run 'swift build -c release' or set STANCE_BIN" >&2; exit 2; }
}

# Counts and prints a violation, and keeps it in $work/violations.
violation() {
    violations=$((violations + 1))
    echo "VIOLATION: $*"
    echo "$*" >> "$work/violations"
}

# Seconds since an $EPOCHREALTIME reading, to one decimal.
elapsed_since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }'; }
