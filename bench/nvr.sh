#!/usr/bin/env bash
# Issue 16's performance targets, one run, side by side:
#
#   1. what recording and motion detection cost per 1280x720 H.264 camera, as % of one core, by difference: the same
#      server (one camera whose own H.264 is passed through, one RTSP viewer so it is pulled) three ways, in
#      alternating rounds: as it is ("base"), recording continuously ("record": stream copy into fragmented MP4,
#      fdatasync every 0.5 s), and looking for motion at 5 fps ("motion": the reduced-size decode included). Target:
#      record - base <= 2 %, motion - base <= 5 %.
#   2. three such cameras recording and detecting at once with 20 RTSP viewers each (60 over the three URLs, one load
#      generator). Target: no viewer below 29.5 fps.
#
# The cameras' H.264 comes from GStreamer's gst-rtsp-server (bench/gst_rtsp_server.py --shared) replaying a 1280x720
# 30 fps 2 Mbit/s libx264 clip of testsrc2 (made once with Debian's ffmpeg; key frame every 30, no B-frames), as an
# IP camera or a Pi's hardware encoder would send it: nothing is encoded while measuring. Only edgecam's process is
# measured (`edgecam bench --server-pid`, /proc ticks over the window).
#
#   bench/nvr.sh              about 8 minutes; raw results in target/bench/results/nvr-*.json, the verdict on stdout
#
# Environment: BENCH_NVR_DURATION (20s), BENCH_NVR_WARMUP (10s, not recorded), BENCH_NVR_ROUNDS (3),
# BENCH_RTSP_PORT (18554; +1 for GStreamer's server), BENCH_HTTP_PORT (18080), BENCH_TCP_PORT (16810, the cameras'
# legacy ports from there), BENCH_NICE (0).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
source bench/common.sh
duration=${BENCH_NVR_DURATION:-20s}
warmup=${BENCH_NVR_WARMUP:-10s}
rounds=${BENCH_NVR_ROUNDS:-3}
rtsp_port=${BENCH_RTSP_PORT:-18554}
gst_port=$((rtsp_port + 1))
jar=target/edgecam.jar
gst_python=/usr/bin/python3 # Debian's python, which has python3-gi
clip=$out/nvr-clip-1280x720.mp4
recordings=$out/nvr-recordings
rm -f "$results"/nvr-*.json "$results/nvr-machine.txt"

./edgecam --version > /dev/null # builds target/edgecam.jar when it is missing or older than the sources
if [ ! -s "$clip" ]; then
  log "making the camera's H.264: 240 s of 1280x720 30 fps at 2 Mbit/s ($clip)"
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -t 240 -c:v libx264 -preset ultrafast \
    -tune zerolatency -b:v 2M -maxrate 2M -bufsize 2M -g 30 -bf 0 -pix_fmt yuv420p "$clip"
fi

edgecam_pid= gst_pid=
cleanup() {
  for pid in $edgecam_pid $gst_pid; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# config MODE CAMERAS...: the config file of a server whose cameras pull the replayed clip; MODE is base, record,
# motion or both.
config() {
  local mode=$1; shift
  echo "host: 127.0.0.1"
  echo "http_port: $http_port"
  echo "rtsp_port: $rtsp_port"
  echo "status_interval: 0"
  echo "max_clients: 1000"
  echo "max_clients_per_address: 1000"
  echo "cameras:"
  local i=0
  for id in "$@"; do
    echo "  - id: $id"
    echo "    legacy_port: $((tcp_port + i))"
    i=$((i + 1))
    echo "    source: rtsp://127.0.0.1:$gst_port/camera"
    echo "    size: 1280x720"
    echo "    fps: 30"
    case $mode in
      record | both) echo "    record: {mode: continuous, dir: $PWD/$recordings, segment: 5m, keep: 1d}" ;;
    esac
    case $mode in
      motion | both) echo "    motion: {fps: 5}" ;;
    esac
  done
}
start_edgecam() { # NAME MODE CAMERAS...
  local name=$1; shift
  config "$@" > "$out/nvr-$name.yml"
  rm -rf "$recordings"
  nice -n "$niceness" ./edgecam serve --config "$out/nvr-$name.yml" 2> "$out/server-nvr-$name.log" &
  edgecam_pid=$!
  wait_port "$rtsp_port" "$edgecam_pid" "$out/server-nvr-$name.log"
}
stop_edgecam() {
  kill -TERM "$edgecam_pid"; wait "$edgecam_pid" || true; edgecam_pid=
}
# measure NAME URL... -- ARGS: warm-up, then one `edgecam bench --json` run into nvr-NAME.json, the load noted.
measure() {
  local name=$1; shift
  local urls=()
  while [ "$1" != "--" ]; do urls+=("$1"); shift; done
  shift
  nice -n "$niceness" java -jar "$jar" bench "${urls[@]}" --duration "$warmup" --warmup 0s --connect-timeout 30s \
    "$@" > /dev/null 2>&1 || true
  log "  $name (load $(cut -d' ' -f1 /proc/loadavg))"
  echo "$name load=$(cut -d' ' -f1-3 /proc/loadavg) at=$(date -u +%H:%M:%S)" >> "$results/nvr-machine.txt"
  nice -n "$niceness" java -jar "$jar" bench "${urls[@]}" --json --server-pid "$edgecam_pid" --connect-timeout 30s \
    --duration "$duration" --state "http://127.0.0.1:$http_port/state" "$@" > "$results/nvr-$name.json" \
    || log "  $name: the bench reported a failure (see $results/nvr-$name.json)"
}

log "the camera: gst-rtsp-server replaying $clip on port $gst_port"
nice -n "$niceness" "$gst_python" bench/gst_rtsp_server.py --port "$gst_port" --path /camera --shared \
  "( filesrc location=$PWD/$clip ! qtdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )" \
  > "$out/gst-nvr.log" 2>&1 &
gst_pid=$!
wait_port "$gst_port" "$gst_pid" "$out/gst-nvr.log"

# --- 1. one camera: base, record, motion, in alternating rounds --------------------------------------------------
for round in $(seq "$rounds"); do
  for mode in base record motion; do
    start_edgecam "$mode-r$round" "$mode" door
    measure "$mode-r$round" "rtsp://127.0.0.1:$rtsp_port/door" -- --clients 1 --rtsp-transport tcp
    if [ "$mode" = record ]; then
      ls -l "$recordings"/door/*/ >> "$results/nvr-machine.txt" 2>&1 || true
    fi
    stop_edgecam
  done
done

# --- 2. three cameras recording and detecting, 20 viewers each ---------------------------------------------------
start_edgecam three both front till yard
measure three-60 "rtsp://127.0.0.1:$rtsp_port/front" "rtsp://127.0.0.1:$rtsp_port/till" \
  "rtsp://127.0.0.1:$rtsp_port/yard" -- --clients 60 --rtsp-transport tcp
curl -s "http://127.0.0.1:$http_port/state" > "$results/nvr-three-state.json" || true
stop_edgecam
kill -TERM "$gst_pid"; wait "$gst_pid" || true; gst_pid=
rm -rf "$recordings"

/usr/bin/python3 bench/report_nvr.py "$results"
