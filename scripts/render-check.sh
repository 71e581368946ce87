#!/usr/bin/env bash
# Renders the Bolivia chart and report with headless Chromium (Debian's `chromium` package) and
# fails on a blank or near-blank image: the check that the SVG and HTML draw in a real browser,
# which byte-for-byte snapshots cannot make. Skips (exit 0) when Chromium is not installed.
#
#   scripts/render-check.sh [--keep DIR]     # DIR receives the PNGs (docs/ holds the README's)
#
# Uses $STANCE_BIN, else .build/release/stance, else .build/debug/stance.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=""
if [ "${1:-}" = "--keep" ]; then keep="${2:?--keep needs a folder}"; fi

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "render-check: skipped: chromium is not installed (apt-get install chromium to run it)."
  exit 0
fi
bin="${STANCE_BIN:-}"
for candidate in .build/release/stance .build/debug/stance; do
  if [ -z "$bin" ] && [ -x "$candidate" ]; then bin="$candidate"; fi
done
[ -n "$bin" ] || { echo "render-check: no stance binary; run swift build first or set \$STANCE_BIN" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STANCE_NOW=2019-11-20T12:00:00Z
"$bin" demo --db "$work/bolivia.sqlite" > /dev/null
"$bin" chart --db "$work/bolivia.sqlite" --actor military --actor opposition --actor protesters --actor oas \
  --toward morales --output "$work/bolivia-timeline.svg"
"$bin" report --db "$work/bolivia.sqlite" --output "$work/bolivia-report.html"

# render FILE WIDTH HEIGHT PNG: a screenshot of the file at that window size.
render() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --default-background-color=ffffffff --window-size="$2,$3" --screenshot="$4" "file://$1" > "$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; echo "render-check: chromium failed on $1" >&2; exit 1; }
  [ -s "$4" ] || { cat "$work/chromium.log" >&2; echo "render-check: chromium wrote no $4" >&2; exit 1; }
}

size() { sed -n 's/.*<svg [^>]*width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' "$1" | head -1; }
read -r width height < <(size "$work/bolivia-timeline.svg")
render "$work/bolivia-timeline.svg" "${width%.*}" "${height%.*}" "$work/bolivia-timeline.png"
render "$work/bolivia-report.html" 1100 1400 "$work/bolivia-report.png"

python3 scripts/png_ink.py "$work/bolivia-timeline.png" --min-ink 0.05 --min-colours 6
python3 scripts/png_ink.py "$work/bolivia-report.png" --min-ink 0.03 --min-colours 4
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  cp "$work/bolivia-timeline.png" "$work/bolivia-report.png" "$keep/"
fi
echo "render-check: the chart and the report render."
