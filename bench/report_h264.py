#!/usr/bin/env python3
"""The H.264 encoding section of docs/benchmarks.md (issue 13), from bench/encode.sh's h264-encode.txt.

Usage: report_h264.py RESULTS_DIR   (Markdown to stdout: bench/encode.sh prints it after a run)
       report_h264.write(RESULTS_DIR, w)   (from bench/report.py; writes nothing when the step did not run)

The ratio is edgecam's frames per second over the ffmpeg program's, per round (the two alternate, so load from
other work falls on both alike); issue 13 asks for at least 0.9.
"""
import os
import statistics
import sys

TARGET = 0.9


def write(results, w):
    path = os.path.join(results, "h264-encode.txt")
    if not os.path.exists(path):
        return
    header, rounds = [], {}
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                header.append(line[1:].strip())
            elif line.startswith("round "):
                _, number, who, frames, seconds, fps = line.split()
                rounds.setdefault(int(number), {})[who] = float(fps)
    w("## H.264 encoding against the ffmpeg program (issue 13)")
    w("")
    w("`H264Encoder` (FFmpeg's avcodec through JavaCPP, OpenCV's BGR to I420) against the `ffmpeg` program of the same")
    w("FFmpeg build (the one JavaCPP ships), same encoder and settings, same raw BGR test-pattern frames, rounds")
    w("alternating after one warm-up of each (`bench/encode.sh`):")
    w("")
    w("    ffmpeg -benchmark -stream_loop N -f rawvideo -pix_fmt bgr24 -s 1280x720 -r 30 -i frames.raw \\")
    w("           -c:v libopenh264 -b:v 2M -g 60 -f null -")
    w("")
    w("ffmpeg's time is its own `-benchmark` rtime (its start-up not counted); edgecam's includes opening the encoder.")
    w("Settings: %s." % "; ".join(header))
    w("")
    w("| round | edgecam frames/s | ffmpeg frames/s | ratio |")
    w("| --- | --- | --- | --- |")
    ratios = []
    for number in sorted(rounds):
        r = rounds[number]
        if "edgecam" in r and "ffmpeg" in r:
            ratios.append(r["edgecam"] / r["ffmpeg"])
            w("| %d | %.0f | %.0f | %.2fx |" % (number, r["edgecam"], r["ffmpeg"], ratios[-1]))
    w("")
    if ratios:
        median = statistics.median(ratios)
        w("Median ratio: **%.2fx** the ffmpeg program (target >= %.1fx: %s)." % (
            median, TARGET, "met" if median >= TARGET else "NOT met"))
    w("")


if __name__ == "__main__":
    write(sys.argv[1], print)
