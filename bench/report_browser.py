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


# The CPU steps whose viewers are `edgecam bench` clients taking every frame, and how the table names them.
CLIENT_STEPS = {"mjpeg-clients": "MJPEG /stream", "h264-ws-clients": "H.264 WebSocket (annexb)"}


def ratio_line(by_round, h264_step, mjpeg_step, title):
    """One line: the two steps' CPU ratio per round, each with the capture rates it was measured at."""
    parts = []
    for k, v in sorted(by_round.items()):
        h, m = v.get(h264_step), v.get(mjpeg_step)
        if h and m and m.get("serverCpuPercent"):
            parts.append(f"round {k}: {h['serverCpuPercent'] / m['serverCpuPercent']:.2f} (captured "
                         f"{h.get('captureFps', '?')} / {m.get('captureFps', '?')} fps)")
    return title + ": " + (", ".join(parts) or "no pair of figures in this run") + "\n"


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

    w("\n**Server CPU** (% of one core, utime + stime of the server process over the window), with the server's capture "
      "rate and the frames it encoded over the same window (from /state; a capture rate under 30 fps means the step "
      "starved the server, and its CPU figure is not comparable):\n")
    w("| round | step | server % core | capture fps | H.264 / JPEG frames encoded | clients' fps p50 (max or min) "
      "| bytes/s to all | load before → after |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    by_round = {}
    for s in steps:
        if not s["step"].startswith("cpu-"):
            continue
        r = s["result"]
        name = s["step"][4:]
        window = (f"{r['serverCpuPercent']} | {r.get('captureFps', '–')} | "
                  f"{r.get('h264FramesEncoded', '–')} / {r.get('jpegFramesEncoded', '–')}")
        load_avg = f"{s['loadBefore']} → {s['loadAfter']}"
        by_round.setdefault(s["round"], {})[name] = r
        if name in CLIENT_STEPS:
            got = r.get("received") or {"fps": r.get("fps")}  # results before the ws step kept only "fps"
            f = {k: round(v, 1) for k, v in (got.get("fps") or {}).items() if isinstance(v, (int, float))}
            bps = got.get("bytesPerSecond")
            failed = f", failed: {sum(got['failures'].values())}" if got.get("failures") else ""
            w(f"| {s['round']} | {CLIENT_STEPS[name]} ×{r.get('clients')} (edgecam bench, every frame{failed}) | "
              f"{window} | {f.get('median', '–')} (min {f.get('min', '–')}) received | "
              f"{f'{bps:,.0f}' if isinstance(bps, (int, float)) else '–'} | {load_avg} |")
            continue
        v = r.get("viewers", {})
        if v and "error" in v:
            del by_round[s["round"]][name]  # no figure to compare
            w(f"| {s['round']} | {name}: no figure, a viewer page failed: {v['error'].splitlines()[0]} | {window} | "
              f"– | – | {load_avg} |")
            continue
        fps = v.get("framesPerSecondPerViewer", {}) if v else {}
        paths = ",".join(v.get("paths", [])) if v else ""
        label = name + (f" ×{v.get('viewers')} pages ({paths})" if v else "")
        if v and v.get("failures"):
            label += f", {len(v['failures'])} of {v.get('asked')} pages painted nothing in 30 s"
        all_bytes = v.get("bytesPerSecondAll") if v else None
        w(f"| {s['round']} | {label} | {window} | {fps.get('p50', '–')} ({fps.get('max', '–')}) painted | "
          f"{f'{all_bytes:,}' if isinstance(all_bytes, (int, float)) else '–'} | {load_avg} |")

    w("\n" + ratio_line(by_round, "h264-ws-clients", "mjpeg-clients",
                        "**H.264 / MJPEG server CPU, `edgecam bench` clients each taking every frame (equal frame rates)**"))
    w(ratio_line(by_round, "h264", "mjpeg", "H.264 / MJPEG server CPU, headless pages (the browsers' pace)"))

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
