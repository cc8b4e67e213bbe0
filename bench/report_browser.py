"""The tables of docs/benchmarks.md's issue-14 section from bench/browser.sh's results.jsonl.

Usage: /usr/bin/python3 bench/report_browser.py target/bench/browser/results.jsonl > section.md
Each figure carries the load average before and after it: on a shared machine a loaded one may be load-limited.
"""

import json
import sys


def load(path):
    steps, header = [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                header.append(line[1:].strip())
            elif line:
                steps.append(json.loads(line))
    return header, steps


def verdict(ok):
    return "met" if ok else "**missed**"


def main(path):
    header, steps = load(path)
    out = []
    w = out.append
    w("Machine and run: " + "; ".join(header) + "\n")

    w("**WebCodecs** (the page on http://127.0.0.1, a secure context; latency in the decoder's output callback):\n")
    w("| round | seconds | painted fps | p50 ms | p99 ms | max ms | p50 ≤ 50 and p99 ≤ 100 | load before → after |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in steps:
        if s["step"] == "webcodecs":
            r = s["result"]
            lat = r.get("latencyMs", {})
            ok = r.get("path") == "webcodecs" and lat.get("p50", 1e9) <= 50 and lat.get("p99", 1e9) <= 100
            w(f"| {s['round']} | {r.get('seconds', 0):.0f} | {r.get('framesPerSecond')} | {lat.get('p50')} | "
              f"{lat.get('p99')} | {lat.get('max')} | {verdict(ok)} | {s['loadBefore']} → {s['loadAfter']} |")

    w("\n**Bytes per second to the page** (the player's received bytes; H.264 by WebCodecs, then MJPEG at quality 80):\n")
    w("| round | H.264 B/s (fps) | MJPEG B/s (fps) | H.264 / MJPEG | ≤ 0.25 | load before → after |")
    w("| --- | --- | --- | --- | --- | --- |")
    for s in steps:
        if s["step"] == "bytes":
            r = s["result"]
            h, m = r["h264"], r["mjpeg"]
            w(f"| {s['round']} | {h['bytesPerSecond']:,} ({h['framesPerSecond']}) | {m['bytesPerSecond']:,} "
              f"({m['framesPerSecond']}) | {r['ratio']} | {verdict(r['ratio'] <= 0.25)} | "
              f"{s['loadBefore']} → {s['loadAfter']} |")

    w("\n**Server CPU** (% of one core, utime + stime of the server process over the window) with browser viewers:\n")
    w("| round | step | server % core | viewers' painted fps p50 (max) | bytes/s to all viewers | load before → after |")
    w("| --- | --- | --- | --- | --- | --- |")
    by_round = {}
    for s in steps:
        if s["step"].startswith("cpu-"):
            r = s["result"]
            if s["step"] == "cpu-mjpeg-clients":
                f = r.get("fps") or {}
                w(f"| {s['round']} | mjpeg ×{r.get('clients')} (edgecam bench, every frame) | {r['serverCpuPercent']} | "
                  f"{f.get('median', '–')} (min {f.get('min', '–')}) received | – | {s['loadBefore']} → {s['loadAfter']} |")
                by_round.setdefault(s["round"], {})["mjpeg-clients"] = r["serverCpuPercent"]
                continue
            v = r.get("viewers", {})
            fps = v.get("framesPerSecondPerViewer", {})
            paths = ",".join(v.get("paths", [])) if v else ""
            label = s["step"][4:] + (f" ×{v.get('viewers')} ({paths})" if v else "")
            if v and "error" in v:
                w(f"| {s['round']} | {s['step'][4:]}: no figure, a viewer page failed: "
                  f"{v['error'].splitlines()[0]} | – | – | – | {s['loadBefore']} → {s['loadAfter']} |")
                continue
            if v and v.get("failures"):
                label += f", {len(v['failures'])} of {v.get('asked')} pages painted nothing in 30 s"
            w(f"| {s['round']} | {label} | {r['serverCpuPercent']} | "
              f"{fps.get('p50', '–')} ({fps.get('max', '–')}) | {v.get('bytesPerSecondAll', '–'):,} | "
              f"{s['loadBefore']} → {s['loadAfter']} |" if v else
              f"| {s['round']} | {label} | {r['serverCpuPercent']} | – | – | {s['loadBefore']} → {s['loadAfter']} |")
            by_round.setdefault(s["round"], {})[s["step"][4:]] = r["serverCpuPercent"]
    ratios = [f"round {k}: {v['h264'] / v['mjpeg']:.2f}" for k, v in sorted(by_round.items())
              if v.get("mjpeg") and "h264" in v]
    w("\nH.264 / MJPEG server CPU: " + (", ".join(ratios) or "no H.264 figure in this run") + "\n")
    full = [f"round {k}: {v['h264'] / v['mjpeg-clients']:.2f}" for k, v in sorted(by_round.items())
            if v.get("mjpeg-clients") and "h264" in v]
    if full:
        w("H.264 (20 pages) / MJPEG (20 clients taking every frame) server CPU: " + ", ".join(full) + "\n")

    for s in steps:
        if s["step"] == "mse":
            r = s["result"]
            lat = r.get("latencyMs", {})
            w(f"**MSE** (WebCodecs deleted; requestVideoFrameCallback's mediaTime): {r.get('seconds', 0):.0f} s, "
              f"{r.get('framesPerSecond')} painted fps, p50 {lat.get('p50')} ms, p99 {lat.get('p99')} ms; "
              f"first minute p50 {r.get('firstMinuteP50')} ms, last minute p50 {r.get('lastMinuteP50')} ms, "
              f"drift {r.get('drift')} ms; at the end {json.dumps(r.get('buffered'))}; load {s['loadBefore']} → "
              f"{s['loadAfter']}.\n")
            w("| minute from | frames | p50 ms | p90 ms | p99 ms |")
            w("| --- | --- | --- | --- | --- |")
            for m in r.get("perMinute", []):
                w(f"| {m['fromS'] / 60:.0f} | {m['count']} | {m['p50']} | {m['p90']} | {m['p99']} |")
            ok = lat.get("p50", 1e9) <= 150 and r.get("drift") is not None and abs(r["drift"]) <= 20
            w(f"\nMSE targets (p50 ≤ 150 ms, last minute's p50 within 20 ms of the first's): {verdict(ok)}\n")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
