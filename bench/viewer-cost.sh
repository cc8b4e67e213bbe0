#!/usr/bin/env bash
# What 20 viewers of the page's H.264 path cost the server against 20 MJPEG viewers, at equal frame rates (issue 14's
# "20 browser viewers of one camera cost the server no more CPU than 20 MJPEG viewers"), for each kind of source,
# because where the H.264 comes from decides it:
#
#   test          the test pattern (pixels): H.264 viewers need edgecam's software H.264 encoder, MJPEG viewers its
#                 JPEG encoder;
#   h264-camera   a camera that sends H.264 (stand-in: a second edgecam's RTSP URL as --source url:...): H.264 is
#                 passed through, MJPEG needs a decode and a JPEG encode;
#   mjpeg-camera  a camera that sends MJPEG, as most USB webcams do (stand-in: a second edgecam's /stream): MJPEG
#                 is passed through, H.264 needs a decode and an H.264 encode.
#
# The clients are `edgecam bench` (no browser: 20 headless pages on two cores starve the server, see
# docs/benchmarks.md): ws://.../h264 (the WebCodecs page's socket) and http://.../stream, every frame taken, with
# --server-pid, so each figure is the server's whole-process CPU over the window and the rate it published. The two
# client kinds alternate, their order swapped each round. The stand-in camera is another process; its cost is not in
# the figures.
#
# Environment: BENCH_ROUNDS (2), BENCH_VIEWERS (20), BENCH_DURATION (20s), BENCH_WARMUP (10s), BENCH_SOURCES
# ("test h264-camera mjpeg-camera"), BENCH_SERVE_ARGS (more serve options, such as --h264-encoder libx264 for a jar
# built with mvn -Pgpl), BENCH_JAR (target/edgecam.jar), BENCH_HTTP_PORT (18080; the stand-in camera uses +100).
# Results: target/bench/viewer-cost/*.json (one `edgecam bench --json` each) and machine.txt (load before each);
# bench/report_viewer_cost.py prints the table. Benchmarks check speed; they are not part of mvn test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
source bench/common.sh
rounds=${BENCH_ROUNDS:-2}
viewers=${BENCH_VIEWERS:-20}
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-10s}
sources=${BENCH_SOURCES:-test h264-camera mjpeg-camera}
jar=${BENCH_JAR:-target/edgecam.jar}
camera_http=$((http_port + 100))
camera_rtsp=$((http_port + 101))
server_rtsp=$((http_port + 2))
out=target/bench/viewer-cost
mkdir -p "$out"
rm -f "$out"/*.json "$out/machine.txt"
[ -f "$jar" ] || mvn -o -q package -DskipTests

camera_pid=
stop_camera() { [ -z "$camera_pid" ] || { kill -TERM "$camera_pid" 2>/dev/null || true; wait "$camera_pid" || true; }; camera_pid=; }
# start_camera: the stand-in camera, a second edgecam serving the test pattern on $camera_http (MJPEG) and
# $camera_rtsp (H.264 over RTSP); loopback only, nothing announced.
start_camera() {
  java -jar "$jar" serve --source test --size 1280x720 --fps 30 --quality 80 --host 127.0.0.1 --port 0 \
    --http-port "$camera_http" --rtsp-port "$camera_rtsp" --mdns off --no-onvif 2> "$out/camera.log" &
  camera_pid=$!
  wait_port "$camera_http" "$camera_pid" "$out/camera.log"
}
trap 'stop_camera' EXIT

for source in $sources; do
  case $source in
    test) spec=test ;;
    h264-camera) start_camera; spec=url:rtsp://127.0.0.1:$camera_rtsp/cam0 ;;
    mjpeg-camera) start_camera; spec=url:http://127.0.0.1:$camera_http/stream ;;
    *) log "unknown source '$source': use test, h264-camera or mjpeg-camera"; exit 1 ;;
  esac
  # shellcheck disable=SC2086 # BENCH_SERVE_ARGS is word-split on purpose
  java -jar "$jar" serve --source "$spec" --size 1280x720 --fps 30 --quality 80 --host 127.0.0.1 --port 0 \
    --http-port "$http_port" --rtsp-port "$server_rtsp" --mdns off --no-onvif --max-clients 1000 \
    --max-clients-per-address 1000 ${BENCH_SERVE_ARGS:-} 2> "$out/server-$source.log" &
  server_pid=$!
  wait_port "$http_port" "$server_pid" "$out/server-$source.log"
  for round in $(seq 1 "$rounds"); do
    kinds="h264 mjpeg"
    [ $((round % 2)) -eq 0 ] && kinds="mjpeg h264"
    for kind in $kinds; do
      target="ws://127.0.0.1:$http_port/h264"
      [ "$kind" = mjpeg ] && target="http://127.0.0.1:$http_port/stream"
      echo "$source $kind round $round: load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
      log "$source: $viewers $kind viewers, round $round"
      java -jar "$jar" bench "$target" --clients "$viewers" --warmup "$warmup" --duration "$duration" --json \
        --server-pid "$server_pid" > "$out/$source-$kind-r$round.json" 2>> "$out/bench.err" \
        || log "$source $kind round $round failed; see $out/bench.err"
    done
  done
  kill -TERM "$server_pid"; wait "$server_pid" || true
  stop_camera
done
/usr/bin/python3 bench/report_viewer_cost.py "$out"
