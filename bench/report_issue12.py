#!/usr/bin/env python3
"""The issue 12 section of docs/benchmarks.md: three cameras in one server (bench/multicam.sh) and the
restructuring's serving cost against an earlier commit (bench/ab.sh), from what they leave in the results directory.

Usage: report_issue12.py RESULTS_DIR   (Markdown to stdout: the two steps' scripts print it after a run)
       report.write(RESULTS_DIR, w)    (from bench/report.py; writes nothing for a step that did not run)

The A/B ratio is current / baseline of the medians over the rounds: below 1.05 is what issue 12 asks for. Rounds
alternate the two sides on fresh servers, so load from other work on the machine falls on both alike; the spread
of the rounds says how far a single figure can be trusted.
"""
import glob
import json
import os
import re
import statistics
import sys

AB_RUNS = ["tcp-50", "http-50", "mixed-200"]
MIN_FPS = 29.5
MAX_RATIO = 1.05


def _machine(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return dict(line.rstrip("\n").partition("=")[::2] for line in f if "=" in line)


def _fmt(value, pattern="%.1f"):
    return "n/a" if value is None else pattern % value


def _serving(report):
    return ((report.get("server") or {}).get("serving") or {}).get("microsPerFrame")


def _slowest(report):
    return min(g["fps"]["min"] for g in report["groups"])


def write_multicam(results, w):
    paths = glob.glob(os.path.join(results, "multicam-*[0-9].json"))
    machine = _machine(results, "multicam-machine.txt")
    if not paths or machine is None:
        return
    with open(paths[0]) as f:
        report = json.load(f)
    g = report["groups"][0]
    server = report["server"] or {}
    met = g["receiving"] == g["clients"] and g["fps"]["min"] >= MIN_FPS
    w("**Three cameras** (`bench/multicam.sh`): three 640x480 test patterns at 30 fps from one config file,")
    w("`./edgecam serve --config`, %d HTTP viewers spread over their `/cam/ID/stream` URLs, %.0f s measured; load"
      % (g["clients"], report["windowSeconds"]))
    w("average %s before, %s after." % (machine.get("load_before"), machine.get("load_after")))
    w("")
    w("| viewers receiving | fps min / median / max | skipped | latency p99 | server %% core | serving us/frame"
      " | every viewer >= %.1f fps |" % MIN_FPS)
    w("| --- | --- | --- | --- | --- | --- | --- |")
    w("| %d of %d | %.1f / %.1f / %.1f | %s | %.1f ms | %s | %s | %s |" % (
        g["receiving"], g["clients"], g["fps"]["min"], g["fps"]["median"], g["fps"]["max"], _fmt(g["skipped"], "%.0f"),
        g["latencyMillis"]["p99"], _fmt((server.get("total") or {}).get("percentOfCore")), _fmt(_serving(report)),
        "PASS" if met else "**MISS**"))
    w("")


def write_ab(results, w):
    machine = _machine(results, "ab-machine.txt")
    if machine is None:
        return
    runs = {}  # (name, side) -> {round: report}
    for path in glob.glob(os.path.join(results, "ab-*-*-*.json")):
        m = re.match(r"ab-(baseline|current)-(\d+)-(.+)\.json$", os.path.basename(path))
        if m and os.path.getsize(path) > 0:
            with open(path) as f:
                runs.setdefault((m.group(3), m.group(1)), {})[int(m.group(2))] = json.load(f)
    w("**The restructuring's cost** (`bench/ab.sh %s`): commit %s against %s, both served by `%s`, alternating on"
      % (machine.get("baseline"), machine.get("current"), machine.get("baseline"), machine.get("command")))
    w("fresh servers, %s rounds; each server warmed up for %s, then %s per run; the same load generator for both. Load"
      % (machine.get("rounds"), machine.get("warmup"), machine.get("duration")))
    w("average %s before, %s after." % (machine.get("load_before"), machine.get("load_after")))
    w("")
    w("| run | baseline serving us/frame: median (rounds) | current: median (rounds) | current / baseline"
      " | within %d%% | slowest viewer fps (baseline, current) |" % round((MAX_RATIO - 1) * 100))
    w("| --- | --- | --- | --- | --- | --- |")
    for name in AB_RUNS:
        figures, slowest = {}, {}
        for side in ("baseline", "current"):
            by_round = runs.get((name, side), {})
            figures[side] = [v for v in (_serving(r) for _, r in sorted(by_round.items())) if v is not None]
            slowest[side] = min((_slowest(r) for r in by_round.values()), default=None)
        medians = {side: statistics.median(v) if v else None for side, v in figures.items()}
        ratio = medians["current"] / medians["baseline"] if medians["baseline"] and medians["current"] else None
        w("| %s | %s (%s) | %s (%s) | %s | %s | %s, %s |" % (
            name, _fmt(medians["baseline"]), ", ".join(_fmt(v) for v in figures["baseline"]),
            _fmt(medians["current"]), ", ".join(_fmt(v) for v in figures["current"]), _fmt(ratio, "%.3f"),
            "n/a" if ratio is None else ("PASS" if ratio <= MAX_RATIO else "**MISS**"),
            _fmt(slowest["baseline"]), _fmt(slowest["current"])))
    w("")


def write(results, w):
    if _machine(results, "multicam-machine.txt") is None and _machine(results, "ab-machine.txt") is None:
        return
    w("## Issue 12: three cameras in one server, and the restructuring's cost")
    w("")
    write_multicam(results, w)
    write_ab(results, w)


if __name__ == "__main__":
    write(sys.argv[1], print)
