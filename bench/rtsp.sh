#!/usr/bin/env bash
# The RTSP benchmarks of issue 13, each server in its own process and one load generator (`edgecam bench`) for all:
#
#   1. one 1280x720 30 fps 2 Mbit/s test-pattern camera: 100 viewers (50 UDP + 50 TCP, two generators started
#      together), 50 TCP viewers (latency), then 50 TCP viewers arriving at the same moment on a fresh server
#      (first decodable frame after PLAY);
#   2. serving CPU per delivered frame against GStreamer's gst-rtsp-server (bench/gst_rtsp_server.py --shared: live
#      1280x720 openh264 at 2 Mbit/s) at 1 and 200 UDP viewers, the two servers in alternating runs, rounds repeated:
#      (CPU at 200 - CPU at 1) / (frames delivered at 200 - at 1) for each;
#   3. a passthrough: edgecam pulling gst-rtsp-server's stream (--source rtsp://...) and re-serving it to 50 viewers,
#      with no JPEG viewer (its /state shows whether a decoder was opened).
#
# Raw results: target/bench/results/rtsp-*.json (one `edgecam bench --json` each) and rtsp-machine.txt (load average
# before each run); bench/report_rtsp.py turns them into the RTSP section of docs/benchmarks.md. bench/run.sh calls
# this; it also runs on its own, and prints that section.
#
# Environment: BENCH_RTSP_DURATION (30s), BENCH_RTSP_WARMUP (20s, each server's warm-up, not recorded),
# BENCH_RTSP_ROUNDS (rounds of the GStreamer comparison, 3), BENCH_RTSP_PORT (18554; +1 for GStreamer's server),
# BENCH_HTTP_PORT (18080), BENCH_NICE (0), BENCH_RTSP_STEPS ("viewers gst passthrough", to run only some),
# BENCH_KEEP=1 (keep the other steps' earlier results).
#
# The machine's load is noted before every run: on a shared machine the camera's capture thread (drawing and
# encoding) can be starved, and then every viewer gets the lower rate the camera published (shown beside them).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
source bench/common.sh
duration=${BENCH_RTSP_DURATION:-30s}
warmup=${BENCH_RTSP_WARMUP:-20s}
rounds=${BENCH_RTSP_ROUNDS:-3}
rtsp_port=${BENCH_RTSP_PORT:-18554}
gst_port=$((rtsp_port + 1))
steps=${BENCH_RTSP_STEPS:-viewers gst passthrough}
jar=target/edgecam.jar
# GStreamer's stream: gst_rtsp_server.py's default (live 1280x720 30 fps, openh264enc at 2 Mbit/s, key frame every
# 30) with a moving zone plate instead of the ball: openh264 makes about 0.9 Mbit/s of it, as edgecam's openh264
# makes of its test pattern (the ball gives 0.1 Mbit/s: ten times fewer packets per frame would favour GStreamer).
gst_launch="( videotestsrc is-live=true pattern=zone-plate kt=2 ! video/x-raw,width=1280,height=720,framerate=30/1 ! \
openh264enc bitrate=2000000 gop-size=30 ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
gst_python=/usr/bin/python3 # Debian's python, which has python3-gi (a pyenv python on PATH would not)
run() { nice -n "$niceness" "$@"; }
has_step() { [[ " $steps " == *" $1 "* ]]; }

./edgecam --version > /dev/null # builds target/edgecam.jar when it is missing or older than the sources
"$gst_python" -c 'import gi; gi.require_version("GstRtspServer", "1.0")' \
  || { log "gst-rtsp-server is missing: apt-get install gir1.2-gst-rtsp-server-1.0 python3-gi"; exit 1; }
for port in "$rtsp_port" "$gst_port" "$http_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    log "port $port is already in use; set BENCH_RTSP_PORT / BENCH_HTTP_PORT"; exit 1
  fi
done
if [ -z "${BENCH_KEEP:-}" ]; then rm -f "$results"/rtsp-*.json "$results/rtsp-machine.txt"; fi
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') cores=$(nproc)"
  echo "gstreamer=$(dpkg-query -W -f='${Version}' gir1.2-gst-rtsp-server-1.0 2>/dev/null || echo unknown)"
  echo "duration=$duration nice=$niceness"
} >> "$results/rtsp-machine.txt"

edgecam_pid= gst_pid=
cleanup() {
  for pid in $edgecam_pid $gst_pid; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
start_edgecam() { # SOURCE
  nice -n "$niceness" ./edgecam serve --source "$1" --size 1280x720 --fps 30 --h264-bitrate 2M --host 127.0.0.1 --port 0 \
    --http-port "$http_port" --rtsp-port "$rtsp_port" --max-clients 1000 --max-clients-per-address 1000 \
    --status-interval 0 2> "$out/server-rtsp.log" &
  edgecam_pid=$! # nice and ./edgecam exec, so this is the JVM's pid
  wait_port "$rtsp_port" "$edgecam_pid" "$out/server-rtsp.log"
}
stop_edgecam() {
  kill -TERM "$edgecam_pid"; wait "$edgecam_pid" || true; edgecam_pid=
}
start_gst() {
  nice -n "$niceness" "$gst_python" bench/gst_rtsp_server.py --port "$gst_port" --path /test --shared "$gst_launch" \
    > "$out/gst-rtsp.log" 2>&1 &
  gst_pid=$!
  wait_port "$gst_port" "$gst_pid" "$out/gst-rtsp.log"
}
stop_gst() {
  kill -TERM "$gst_pid"; wait "$gst_pid" || true; gst_pid=
}
# measure NAME PID URL ARGS...: one `edgecam bench --json` run into rtsp-NAME.json, the load average noted.
measure() {
  local name=$1 pid=$2 url=$3; shift 3
  log "  $name (load $(cut -d' ' -f1 /proc/loadavg))"
  echo "$name load=$(cut -d' ' -f1-3 /proc/loadavg) at=$(date -u +%H:%M:%S)" >> "$results/rtsp-machine.txt"
  run java -jar "$jar" bench "$url" --json --server-pid "$pid" --connect-timeout 30s "$@" > "$results/rtsp-$name.json" \
    || log "  $name: the bench reported a failure (see $results/rtsp-$name.json)"
}
edgecam_url=rtsp://127.0.0.1:$rtsp_port/stream
gst_url=rtsp://127.0.0.1:$gst_port/test
state=(--state "http://127.0.0.1:$http_port/state")

# --- 1. 100 viewers, 50 for latency, 50 arriving at once ---------------------------------------------------------
if has_step viewers; then
  log "edgecam, 1280x720 test pattern at 2 Mbit/s on RTSP port $rtsp_port"
  start_edgecam test
  log "  warming up for $warmup with 100 viewers (not recorded)"
  run java -jar "$jar" bench "$edgecam_url" --clients 100 --duration "$warmup" --warmup 0s > /dev/null || true
  # 50 UDP and 50 TCP: two generators (the transport is one per run) started together, measuring the same window.
  echo "mixed-100 load=$(cut -d' ' -f1-3 /proc/loadavg) at=$(date -u +%H:%M:%S)" >> "$results/rtsp-machine.txt"
  log "  100 viewers, 50 UDP + 50 TCP (load $(cut -d' ' -f1 /proc/loadavg))"
  nice -n "$niceness" java -jar "$jar" bench "$edgecam_url" --rtsp-transport udp --clients 50 --duration "$duration" --json \
    --server-pid "$edgecam_pid" "${state[@]}" > "$results/rtsp-mixed-100-udp.json" &
  udp_bench=$!
  run java -jar "$jar" bench "$edgecam_url" --rtsp-transport tcp --clients 50 --duration "$duration" --json \
    --server-pid "$edgecam_pid" "${state[@]}" > "$results/rtsp-mixed-100-tcp.json" || log "  the TCP half failed"
  wait "$udp_bench" || log "  the UDP half failed"
  measure latency-tcp-50 "$edgecam_pid" "$edgecam_url" --rtsp-transport tcp --clients 50 --duration "$duration" "${state[@]}"
  measure latency-udp-50 "$edgecam_pid" "$edgecam_url" --rtsp-transport udp --clients 50 --duration "$duration" "${state[@]}"
  stop_edgecam
  # A fresh server, so the 50 arrive at a camera nobody watches (its H.264 encoder starts on the first viewer).
  start_edgecam test
  sleep 2
  measure burst-tcp-50 "$edgecam_pid" "$edgecam_url" --rtsp-transport tcp --clients 50 --duration 10s --warmup 0s "${state[@]}"
  # ... and a second burst once the encoder runs: what a viewer arriving at a watched camera waits.
  measure burst-warm-tcp-50 "$edgecam_pid" "$edgecam_url" --rtsp-transport tcp --clients 50 --duration 10s --warmup 0s "${state[@]}"
  stop_edgecam
fi

# --- 2. CPU per delivered frame against gst-rtsp-server, 1 and 200 UDP viewers -----------------------------------
if has_step gst; then
  log "edgecam against gst-rtsp-server (port $gst_port), 1 and 200 UDP viewers, $rounds rounds"
  start_edgecam test
  start_gst
  run java -jar "$jar" bench "$edgecam_url" --clients 50 --duration "$warmup" --warmup 0s > /dev/null || true
  for round in $(seq "$rounds"); do
    for clients in 1 200; do
      measure "edgecam-udp-$clients-r$round" "$edgecam_pid" "$edgecam_url" --rtsp-transport udp --clients "$clients" \
        --duration "$duration" "${state[@]}"
      measure "gst-udp-$clients-r$round" "$gst_pid" "$gst_url" --rtsp-transport udp --clients "$clients" \
        --duration "$duration" --no-state
    done
  done
  stop_edgecam
  stop_gst
fi

# --- 3. passthrough: gst-rtsp-server's H.264 re-served to 50 viewers ---------------------------------------------
if has_step passthrough; then
  log "passthrough: edgecam --source $gst_url, 50 viewers"
  start_gst
  start_edgecam "$gst_url"
  sleep 3
  for transport in tcp udp; do
    measure "passthrough-$transport-50" "$edgecam_pid" "$edgecam_url" --rtsp-transport "$transport" --clients 50 \
      --duration "$duration" "${state[@]}"
  done
  # Whether the decode path stayed off: the camera's H.264 state (passthrough, decoder opens) after the runs.
  curl -s "http://127.0.0.1:$http_port/state" > "$results/rtsp-passthrough-state.json" || true
  stop_edgecam
  stop_gst
fi
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/rtsp-machine.txt"
python3 bench/report_rtsp.py "$results"
