#!/usr/bin/env python3
"""Assemble Benchmarks/run.sh's measurements into one markdown table.

Usage: report.py --work DIR

Reads DIR/meta.txt, DIR/results.jsonl (measure.py), DIR/size.txt, DIR/raw.txt (raw-sqlite) and,
when the peer ran, DIR/peer-1.json, DIR/peer-2.json, … (one per run; each figure is their median). Ratios are stance's rate divided by the reference's rate
measured in the same run (above 1 is faster than the reference). The targets are those of
issue 5, stated for 1,000,000 events on a 2-core machine; at other sizes "met?" is indicative.
"""
import argparse
import glob
import json
import os
import statistics

MB = 1024  # measure.py reports KiB


def load(work):
    meta = {}
    for line in open(os.path.join(work, "meta.txt")):
        key, _, value = line.rstrip("\n").partition(" ")
        meta[key] = value
    results = {}
    for line in open(os.path.join(work, "results.jsonl")):
        record = json.loads(line)
        results[record["name"]] = record
    size = dict(line.split() for line in open(os.path.join(work, "size.txt")))
    raw = {"pragma": {}}
    for line in open(os.path.join(work, "raw.txt")):
        parts = line.split()
        if parts[0] == "figure":
            raw[parts[1]] = {"events": int(parts[2]), "seconds": float(parts[3]), "rate": float(parts[4])}
        elif parts[0] == "pragma":
            raw["pragma"][parts[1]] = parts[2]
        else:
            raw[parts[0]] = parts[1]
    return meta, results, size, raw, load_peer(work)


def peer_runs(meta):
    runs = int(meta.get("peer_runs") or 1)
    return "one run" if runs == 1 else f"median of {runs} runs"


def load_peer(work):
    """The Python peer's figures: each the median of its runs (peer-1.json, peer-2.json, …),
    with the range of rates; None when it did not run."""
    runs = sorted(glob.glob(os.path.join(work, "peer-*.json")))
    if not runs:
        return None
    figures = [json.load(open(path)) for path in runs]
    peer = {}
    for name in figures[0]:
        taken = sorted((f[name] for f in figures), key=lambda f: f["seconds"])
        # With an even count, the faster of the two middle runs: the harder one to beat.
        middle = taken[(len(taken) - 1) // 2]
        rates = [f["events_per_second"] for f in taken]
        peer[name] = {"events": middle["events"], "seconds": middle["seconds"], "rate": middle["events_per_second"],
                      "runs": len(taken), "low": min(rates), "high": max(rates)}
    return peer


def number(value):
    return f"{value:,.0f}"


def ratio(value):
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def p90(values):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]  # nearest rank


class Table:
    def __init__(self):
        self.rows = []

    def add(self, operation, events, seconds, rate, rss, vs_raw, vs_peer, target, checks):
        if checks is None:
            met = "—"
        else:
            failed = [label for label, ok in checks if ok is False]
            unknown = [label for label, ok in checks if ok is None]
            met = "yes" if not failed else "no: " + "; ".join(failed)
            if unknown:
                met += " (not measured: " + "; ".join(label.removeprefix("< ") for label in unknown) + ")"
        self.rows.append([operation, events, seconds, rate, rss, vs_raw, vs_peer, target, met])

    def markdown(self):
        head = ["operation", "events", "seconds", "events/s or per call", "peak RSS MB",
                "vs raw SQLite", "vs Python peer", "target", "met?"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    meta, results, size, raw, peer = load(args.work)
    table = Table()
    peer_note = "skipped" if peer is None else None

    def rate_of(name):
        r = results[name]
        return r["events"] / statistics.median(r["seconds"])

    def rss_mb(name):
        return results[name]["max_rss_kb"] / MB

    def vs(rate, reference):
        return ratio(rate / reference["rate"]) if reference else peer_note or "—"

    def at_least(rate, reference, factor):
        return None if reference is None else rate / reference["rate"] >= factor

    # import
    rate = rate_of("import")
    r = results["import"]
    peer_append = peer and peer.get("append-batched")
    table.add("`stance import` (NDJSON, hash chain, projections)", number(r["events"]),
              f"{statistics.median(r['seconds']):.2f}", number(rate), f"{rss_mb('import'):.0f}",
              vs(rate, raw["insert-indexed"]), vs(rate, peer_append),
              "≥ 150k ev/s; ≥ 0.5× raw; ≥ 5× Python append; RSS ≤ 200 MB",
              [("< 150k ev/s", rate >= 150_000), ("< 0.5× raw", at_least(rate, raw["insert-indexed"], 0.5)),
               ("< 5× Python", at_least(rate, peer_append, 5)), ("RSS > 200 MB", rss_mb("import") <= 200)])

    # appending to a store that holds events: no target of its own
    if "append" in results:
        r, rate = results["append"], rate_of("append")
        base = int(dict(line.split() for line in open(os.path.join(args.work, "append.txt")))["base"])
        table.add(f"`stance import` onto a store of {number(base)} events (the log's last tenth)", number(r["events"]),
                  f"{statistics.median(r['seconds']):.2f}", number(rate), f"{rss_mb('append'):.0f}", "—", "—",
                  "(no target of its own)", None)

    # audit and replay
    peer_read = peer and peer.get("read-log")
    for name, label in (("audit", "`stance audit` (whole store)"), ("replay", "`stance replay` (whole store)")):
        r, rate = results[name], rate_of(name)
        table.add(label + (f", {r['runs']} runs" if r["runs"] > 1 else ""), number(r["events"]),
                  f"{statistics.median(r['seconds']):.2f}", number(rate), f"{rss_mb(name):.0f}",
                  vs(rate, raw["read"]), vs(rate, peer_read),
                  "≥ 500k ev/s; ≥ 5× Python read; RSS ≤ 200 MB",
                  [("< 500k ev/s", rate >= 500_000), ("< 5× Python", at_least(rate, peer_read, 5)),
                   ("RSS > 200 MB", rss_mb(name) <= 200)])

    # per-call operations
    def per_call(name):
        seconds = results[name]["seconds"]
        return statistics.median(seconds) * 1000, p90(seconds) * 1000, len(seconds)

    r = results["record"]
    median, high, runs = per_call("record")
    table.add("`stance record` of one event (into a copy of the big store)", number(r["events"]),
              f"{median / 1000:.3f}", f"median {median:.1f} ms, p90 {high:.1f} ms, {runs} run{'s' if runs != 1 else ''}",
              f"{rss_mb('record'):.0f}", "—", "—", "median ≤ 20 ms", [("median > 20 ms", median <= 20)])
    for op in ("position", "timeline"):
        big, little = f"{op}-big", f"{op}-small"
        median, high, runs = per_call(big)
        small_median, small_high, small_runs = per_call(little)
        scale = median / small_median
        table.add(f"`stance {op}` (one actor toward one target)", number(results[big]["events"]),
                  f"{median / 1000:.3f}", f"median {median:.1f} ms, p90 {high:.1f} ms, {runs} run{'s' if runs != 1 else ''}; "
                  f"{ratio(scale)} the small store", f"{rss_mb(big):.0f}", "—", "—",
                  "median ≤ 20 ms; ≤ 2× the small store",
                  [("median > 20 ms", median <= 20), (f"{ratio(scale)} the small store", scale <= 2)])
        table.add(f"`stance {op}`, small store", number(results[little]["events"]),
                  f"{small_median / 1000:.3f}", f"median {small_median:.1f} ms, p90 {small_high:.1f} ms, {small_runs} run{'s' if small_runs != 1 else ''}",
                  f"{rss_mb(little):.0f}", "—", "—", "(the baseline of the row above)", None)

    # store size
    events = int(size["events"])
    per_event = int(size["size_after_checkpoint"]) / events
    table.add("store size (database file after a WAL checkpoint)", number(events), "—",
              f"{per_event:.0f} bytes/event ({int(size['size_after_checkpoint']) / 1e6:.1f} MB; "
              f"{int(size['size_as_left']) / events:.0f} B/event with the WAL as stance left it)",
              "—", "—", "—", "≤ 500 bytes/event", [("> 500 B/event", per_event <= 500)])

    # references
    for key, label in (("insert-indexed", "raw SQLite insert, stance's columns and indexes, no triggers"),
                       ("insert-select", "SQLite's own INSERT … SELECT of the same rows, stance's columns and indexes"),
                       ("insert-bare", "raw SQLite insert, primary key only"),
                       ("read", "raw SQLite read (step and column access)")):
        f = raw[key]
        table.add(label, number(f["events"]), f"{f['seconds']:.2f}", number(f["rate"]), "—", "—", "—", "reference", None)
    if peer:
        for key, label in (("append-batched", "Python eventsourcing: append, 100 events per save"),
                           ("append-single", "Python eventsourcing: append, one event per save"),
                           ("read-log", "Python eventsourcing: read the global log")):
            f = peer[key]
            rate = number(f["rate"])
            if f["runs"] > 1:
                rate += f" (median of {f['runs']} runs: {number(f['low'])}–{number(f['high'])})"
            table.add(label, number(f["events"]), f"{f['seconds']:.2f}", rate, "—", "—", "—", "reference", None)

    pragmas = ", ".join(f"{k}={v}" for k, v in raw["pragma"].items())
    print(f"Benchmark of {meta['date']} ({meta['time']}), stance {meta['commit']}: "
          f"{int(meta['events']):,} events ({meta['actors']} actors, seed {meta['seed']}), "
          f"small store {int(meta['small']):,} events; "
          f"{meta['nproc']} cores ({meta['cpu']}), {meta['memory']}; Swift {meta['swift']} (runtime linked {meta.get('link', 'dynamically')}), SQLite {raw['sqlite_version']} "
          f"({pragmas}); Python peer "
          f"{'skipped' if peer is None else format(int(meta['peer_events']), ',') + ' events, ' + peer_runs(meta)}. "
          f"Per-call operations: up to {meta['runs']} runs (fewer once {meta['budget']} s have passed) "
          f"on `{meta['pair']}`. Whole processes, wall clock; peak RSS from GNU time. "
          f"The run took {meta['seconds']} s; load average {meta.get('load', 'not recorded')}.")
    print()
    print(table.markdown())
    if peer is None:
        print()
        print(f"python peer: skipped ({meta.get('peer_skip') or 'not run'})")


if __name__ == "__main__":
    main()
