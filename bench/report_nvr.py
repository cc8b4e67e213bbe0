#!/usr/bin/python3
"""Issue 16's benchmark verdict from bench/nvr.sh's results (RESULTS_DIR/nvr-*.json): recording's and motion
detection's CPU per camera by difference against the same server without them (median of the rounds), and the
three-camera run's slowest viewer. Prints a Markdown section for docs/benchmarks.md.

    report_nvr.py RESULTS_DIR
"""
import json
import statistics
import sys
from pathlib import Path


def load(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def cpu(result):
    return result["server"]["total"]["percentOfCore"] if result and result.get("server") else None


def main():
    results = Path(sys.argv[1])
    rows = []
    per_mode = {"base": [], "record": [], "motion": []}
    rounds = sorted({p.stem.rsplit("-r", 1)[1] for p in results.glob("nvr-base-r*.json")}, key=int)
    for r in rounds:
        figures = {mode: cpu(load(results / f"nvr-{mode}-r{r}.json")) for mode in per_mode}
        rows.append((r, figures))
        for mode, value in figures.items():
            if value is not None:
                per_mode[mode].append(value)
    print("## Recording and motion detection (issue 16)\n")
    print("One 1280x720 30 fps H.264 camera passed through from RTSP (gst-rtsp-server replaying a 2 Mbit/s libx264")
    print("clip), one RTSP viewer; edgecam's whole process, % of one core, rounds alternating the three servers.\n")
    print("| round | base | recording | motion at 5 fps | recording - base | motion - base |")
    print("| --- | --- | --- | --- | --- | --- |")

    def f(v):
        return "–" if v is None else f"{v:.1f}"

    for r, fig in rows:
        rec = None if None in (fig["record"], fig["base"]) else fig["record"] - fig["base"]
        mot = None if None in (fig["motion"], fig["base"]) else fig["motion"] - fig["base"]
        print(f"| {r} | {f(fig['base'])} | {f(fig['record'])} | {f(fig['motion'])} | {f(rec)} | {f(mot)} |")
    if all(per_mode.values()):
        base = statistics.median(per_mode["base"])
        rec = statistics.median(per_mode["record"]) - base
        mot = statistics.median(per_mode["motion"]) - base
        print(f"\nMedians: base {base:.1f} %, recording adds **{rec:.1f} %** of a core (target <= 2 %: "
              f"{'met' if rec <= 2 else 'not met'}), motion detection adds **{mot:.1f} %** (target <= 5 %: "
              f"{'met' if mot <= 5 else 'not met'}).")
    three = load(results / "nvr-three-60.json")
    if three:
        groups = three.get("groups", [])
        slowest = min((g["fps"]["min"] for g in groups if g.get("fps")), default=None)
        receiving = sum(g.get("receiving", 0) for g in groups)
        print(f"\nThree such cameras recording and detecting, 20 RTSP (TCP) viewers each: {receiving} of "
              f"{three.get('clients')} viewers receiving, slowest viewer **{f(slowest)} fps** (target >= 29.5: "
              f"{'met' if slowest is not None and slowest >= 29.5 else 'not met'}), edgecam "
              f"{f(cpu(three))} % of one core, camera published {f(three.get('publishedFps'))} fps.")
    machine = results / "nvr-machine.txt"
    if machine.exists():
        print("\nLoad average at each run (from nvr-machine.txt):\n")
        print("```")
        print("\n".join(line for line in machine.read_text().splitlines() if "load=" in line))
        print("```")


if __name__ == "__main__":
    main()
