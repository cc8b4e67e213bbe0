#!/usr/bin/python3
"""bench/viewer-cost.sh's table: for each source, the server's CPU with N H.264 WebSocket viewers and with N MJPEG
viewers (each `edgecam bench --json --server-pid`), the rate the server published and the viewers' median rate
beside it (a figure from a starved server is not comparable), and H.264 / MJPEG per round. Prints Markdown.

    report_viewer_cost.py RESULTS_DIR
"""
import json
import statistics
import sys
from pathlib import Path

SOURCES = {
    "test": "test pattern (H.264: software encode; MJPEG: JPEG encode)",
    "h264-camera": "H.264 camera (H.264 passed through; MJPEG: decode + JPEG encode)",
    "mjpeg-camera": "MJPEG camera (MJPEG passed through; H.264: decode + H.264 encode)",
}


def load(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def figures(result):
    """(server % of a core, published fps, viewers' median fps), or None for a run without a server figure."""
    if not result or not result.get("server") or not result.get("groups"):
        return None
    return (result["server"]["total"]["percentOfCore"], result.get("publishedFps") or 0.0,
            result["groups"][0]["fps"]["median"])


def main():
    results = Path(sys.argv[1])
    print("| source | round | H.264 viewers: server % core (published fps, viewers' fps) "
          "| MJPEG viewers: server % core (published fps, viewers' fps) | H.264 / MJPEG |")
    print("| --- | --- | --- | --- | --- |")
    for source, label in SOURCES.items():
        ratios = []
        rounds = sorted({int(p.stem.rsplit("-r", 1)[1]) for p in results.glob(f"{source}-*-r*.json")})
        for r in rounds:
            h264 = figures(load(results / f"{source}-h264-r{r}.json"))
            mjpeg = figures(load(results / f"{source}-mjpeg-r{r}.json"))
            cells = [f"{f[0]:.1f} ({f[1]:.1f}, {f[2]:.1f})" if f else "no figure" for f in (h264, mjpeg)]
            ratio = h264[0] / mjpeg[0] if h264 and mjpeg and mjpeg[0] > 0 else None
            if ratio is not None:
                ratios.append(ratio)
            print(f"| {label} | {r} | {cells[0]} | {cells[1]} | {f'{ratio:.2f}' if ratio is not None else '–'} |")
        if ratios:
            verdict = "met" if statistics.median(ratios) <= 1.0 else "not met"
            print(f"| {label} | median | | | **{statistics.median(ratios):.2f}** ({verdict}) |")


if __name__ == "__main__":
    main()
