#!/usr/bin/env bash
# The H.264 encoding benchmark (issue 13): frames per second of edgecam's H264Encoder (FFmpeg's avcodec through
# JavaCPP) against the ffmpeg program of the SAME FFmpeg build (the one JavaCPP ships in the ffmpeg jar) with the same
# encoder and settings, on the same raw BGR test-pattern frames, in alternating rounds:
#
#   ffmpeg -f rawvideo -pix_fmt bgr24 -s 1280x720 -r 30 -i frames.raw -c:v libopenh264 -b:v 2M -g 60 -f null -
#
# Writes target/bench/results/h264-encode.txt (one line per measurement) and prints the Markdown section that
# bench/report.py puts into docs/benchmarks.md. bench/run.sh calls it; it also runs on its own.
#
# Environment: BENCH_H264_SIZE (1280x720), BENCH_H264_FRAMES (distinct pictures, 150), BENCH_H264_LOOPS (each encoded
# this often, 4), BENCH_ROUNDS (3), BENCH_H264_ENCODER (libopenh264), BENCH_H264_BITRATE (2000000), BENCH_NICE (0).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
out=target/bench
results=$out/results
mkdir -p "$results"
log() { echo "bench: $*" >&2; }

size=${BENCH_H264_SIZE:-1280x720}
frames=${BENCH_H264_FRAMES:-150}
loops=${BENCH_H264_LOOPS:-4}
rounds=${BENCH_ROUNDS:-3}
encoder=${BENCH_H264_ENCODER:-libopenh264}
bitrate=${BENCH_H264_BITRATE:-2000000}
niceness=${BENCH_NICE:-0}

if [ ! -f "$out/classpath.txt" ] || [ ! -d target/test-classes ]; then
  log "building the test classes and their classpath"
  mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" \
      -Dmdep.includeScope=test >&2
fi
cp="target/classes:target/test-classes:$(cat "$out/classpath.txt")"
log "H.264 encoding: $size, $encoder at $bitrate bit/s, $frames pictures x $loops, $rounds rounds"
{
  echo "# size=$size encoder=$encoder bitrate=$bitrate gop=60 fps=30"
  echo "# cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') cores=$(nproc) load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  nice -n "$niceness" java -cp "$cp" dev.edgecam.encode.H264EncodeBench "$out/h264" "$size" "$frames" "$loops" \
      "$rounds" "$encoder" "$bitrate" 60 2>/dev/null
} > "$results/h264-encode.txt"
rm -f "$out/h264/frames-"*.raw
python3 bench/report_h264.py "$results"
