#!/usr/bin/env python3
"""Time a whole command, process start to exit, several times; append one JSON line of results.

Usage:
  measure.py --name NAME --events N --out FILE [--runs R] [--min-runs M] [--budget SECONDS] -- CMD ARG...

Each run is timed with a monotonic clock around fork, exec and wait. The peak resident set size
is GNU time's "Maximum resident set size" (/usr/bin/time -f %M). With --rss wrap every run is
made under it (for long runs, where its ~3 ms of start-up do not matter). With --rss auto (the
default) the first run is made under it: if that run took a second or more it counts as the
first timed run, else it is a warm-up, not timed, and the timed runs follow without GNU time.
Without GNU time, RSS is the child's ru_maxrss from wait4, which cannot be lower than this
script's own (~15 MB), since the child starts as a copy of it. `{i}` in an argument is replaced by the run's number, so that each run can differ (a new
event per `stance record`). Runs stop after R, or earlier once at least M runs are done and
BUDGET seconds have passed, so that a slow operation does not hold the whole benchmark hostage;
the line says how many runs were made. The command's standard output is discarded; if it fails,
its standard error is shown and measure.py exits 1.
"""
import argparse
import json
import os
import subprocess
import statistics
import sys
import tempfile
import time


def run(name, argv, gnu_time):
    """Runs argv once: its wall-clock seconds and peak RSS in KiB; exits 1 if it fails."""
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as rss_file:
        full = [gnu_time, "-f", "%M", "-o", rss_file.name] + argv if gnu_time else argv
        start = time.perf_counter()
        child = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            print(f"measure.py: {name}: `{' '.join(argv)}` exited {code}:\n{message}", file=sys.stderr)
            sys.exit(1)
        rss = int(rss_file.read().split()[-1]) if gnu_time else usage.ru_maxrss
    return elapsed, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--events", type=int, required=True, help="events the operation covers")
    parser.add_argument("--out", required=True, help="JSON lines file to append to")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--min-runs", type=int, default=None)
    parser.add_argument("--budget", type=float, default=None, help="seconds after which to stop early")
    parser.add_argument("--rss", choices=["wrap", "auto"], default="auto", help="how to measure peak RSS")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    min_runs = args.min_runs if args.min_runs is not None else args.runs

    gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    seconds, rss_kb = [], []
    started = time.monotonic()
    if args.rss == "auto" and gnu_time:
        elapsed, rss = run(args.name, [a.replace("{i}", "first") for a in command], gnu_time)
        rss_kb.append(rss)
        if elapsed >= 1.0:
            seconds.append(elapsed)
    while len(seconds) < args.runs:
        if args.budget is not None and len(seconds) >= min_runs and time.monotonic() - started >= args.budget:
            break
        argv = [a.replace("{i}", str(len(seconds))) for a in command]
        elapsed, rss = run(args.name, argv, gnu_time if args.rss == "wrap" else None)
        seconds.append(elapsed)
        if args.rss == "wrap" or not gnu_time:
            rss_kb.append(rss)

    record = {"name": args.name, "events": args.events, "runs": len(seconds), "runs_asked": args.runs,
              "seconds": [round(s, 6) for s in seconds], "max_rss_kb": max(rss_kb),
              "rss_from": "gnu-time" if gnu_time else "wait4"}
    with open(args.out, "a") as out:
        out.write(json.dumps(record) + "\n")
    print(f"  {args.name}: {len(seconds)} run(s), median {statistics.median(seconds) * 1000:.1f} ms, "
          f"peak RSS {max(rss_kb) / 1024:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
