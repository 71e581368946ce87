#!/usr/bin/env python3
"""Pick the (actor, toward) pair with the most position-changing events in a generated log.

Usage: pick_pair.py FILE.ndjson [--lines N]

Reads the first N lines (default 300,000: the generator spreads events evenly, so a prefix
ranks pairs like the whole file) and prints `ACTOR TOWARD DAY COUNT`: the pair, the last day on
which it has an event in that prefix, and how many it has there. Reads the NDJSON the generator
wrote, not the store, so that it does not depend on how stance lays out its tables.
"""
import argparse
import collections
import json
import sys

# The types that change a position (see `stance types`); statement-issued only with a position.
CHANGES = {"support-declared", "support-withdrawn", "resignation-called-for", "resignation-call-withdrawn",
           "allegation-made", "protest-held"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--lines", type=int, default=300_000)
    args = parser.parse_args()
    counts, last_day = collections.Counter(), {}
    with open(args.file, encoding="utf-8") as log:
        for number, line in enumerate(log):
            if number >= args.lines:
                break
            event = json.loads(line)
            kind = event.get("type")
            if kind not in CHANGES and not (kind == "statement-issued" and "position" in event):
                continue
            if "toward" not in event:
                continue
            pair = (event["actor"], event["toward"])
            counts[pair] += 1
            day = event["occurredAt"][:10]
            last_day[pair] = max(day, last_day.get(pair, day))
    if not counts:
        sys.exit(f"pick_pair.py: no position-changing event with a target in {args.file}")
    # Most events first; ties broken by the ids, so that the same log gives the same pair.
    (actor, toward), count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    print(actor, toward, last_day[(actor, toward)], count)


if __name__ == "__main__":
    main()
