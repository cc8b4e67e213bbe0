#!/usr/bin/env bash
# The page's player in headless Chromium against a server of its own (issue 14's Performance section): one test
# pattern camera at 1280x720, 30 fps, quality 80, served by the built jar as its own process on loopback.
#
#   bench/browser.sh       per round: WebCodecs capture-to-paint latency (p50/p99); bytes per second to the page,
#                          H.264 against MJPEG; the server's CPU (/proc/PID/stat) with no viewer, with 20 browser
#                          viewers on H.264, with 20 on MJPEG, with 20 MJPEG clients and with 20 H.264 WebSocket
#                          clients (the page's annexb path) that take every frame (`edgecam bench`; the four in turn,
#                          their order swapped each round), each with the server's capture rate and its encoded
#                          H.264 and JPEG frames over the same window (from /state: a starved server shows);
#                          then one long MSE run (latency p50 per minute: does it grow?)
#
# Environment: BENCH_ROUNDS (default 2), BENCH_WEBCODECS_SECONDS (60), BENCH_MSE_SECONDS (600), BENCH_BYTES_SECONDS
# (20; 0 leaves a step out), BENCH_VIEWERS (20), BENCH_CPU_SECONDS (30: the CPU window, once every viewer paints), BENCH_BROWSER_PORT
# (18414), BENCH_JAR (target/edgecam.jar, built when missing), BENCH_OUT (target/bench/browser), BENCH_SERVE_ARGS
# (more serve options, such as --h264-encoder libx264 for a jar built with mvn -Pgpl), BENCH_JAVA_OPTS (JVM options). Every figure is
# written with the load average before and after it (the machine may be shared): one JSON line per step in
# BENCH_OUT/results.jsonl, the server's log beside it. Needs Java 17, node, npm ci in src/test/js, /usr/bin/chromium.
# Benchmarks check speed; they are not part of mvn test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

rounds=${BENCH_ROUNDS:-2}
webcodecs_seconds=${BENCH_WEBCODECS_SECONDS:-60}
mse_seconds=${BENCH_MSE_SECONDS:-600}
bytes_seconds=${BENCH_BYTES_SECONDS:-20}
viewers=${BENCH_VIEWERS:-20}
cpu_seconds=${BENCH_CPU_SECONDS:-30}
port=${BENCH_BROWSER_PORT:-18414}
jar=${BENCH_JAR:-target/edgecam.jar}
out=${BENCH_OUT:-target/bench/browser}
script=src/test/js/bench-player.mjs
url="http://127.0.0.1:$port/"
mkdir -p "$out"
results=$out/results.jsonl
log() { echo "bench: $*" >&2; }

[ -f "$jar" ] || mvn -o -q package -DskipTests
[ -d src/test/js/node_modules/playwright-core ] || (cd src/test/js && npm ci --offline)

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  log "port $port is already in use; stop what listens there or set BENCH_BROWSER_PORT"; exit 1
fi
# shellcheck disable=SC2086 # the two option lists are word-split on purpose
java ${BENCH_JAVA_OPTS:-} -jar "$jar" serve --source test --size 1280x720 --fps 30 --quality 80 --http-port "$port" \
  --port 0 --rtsp-port 0 --max-clients 1000 --max-clients-per-address 1000 ${BENCH_SERVE_ARGS:-} > "$out/server.log" 2>&1 &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/state" && break
  kill -0 "$server_pid" 2> /dev/null || { log "the server did not start; see $out/server.log"; exit 1; }
  sleep 0.1
done
log "server $server_pid on $url; results in $results"
{ echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown); node $(node --version); $(java -version 2>&1 | head -1)"
  echo "# commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes)')"
  echo "# jar $jar; extra serve options: ${BENCH_SERVE_ARGS:-none}; JVM options: ${BENCH_JAVA_OPTS:-none}"
} >> "$results"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# cpu_ticks: the server's user + system time in clock ticks (all its threads; fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)
# state_counts: "framesCaptured h264FramesEncoded jpegFramesEncoded" of the camera, from /state ("0 0 0" unread).
state_counts() {
  curl -fs --max-time 5 "http://127.0.0.1:$port/state" | /usr/bin/python3 -c 'import json, sys
s = json.load(sys.stdin)
print(s["source"]["framesCaptured"], (s.get("h264") or {}).get("framesEncoded") or 0, s["encoder"]["framesEncoded"])' \
    2>/dev/null || echo "0 0 0"
}
# window_open, window_close: the server's CPU ticks and /state counters at the two ends of a CPU window;
# window_fields: what happened in between, as JSON fields: the CPU (% of one core), the capture rate, the frames encoded.
window_open() { w_counts0=$(state_counts); w_ticks0=$(cpu_ticks); w_t0=$(date +%s.%N); }
window_close() { w_ticks1=$(cpu_ticks); w_t1=$(date +%s.%N); w_counts1=$(state_counts); }
window_fields() {
  echo "$w_ticks0 $w_ticks1 $w_t0 $w_t1 $ticks_per_second $w_counts0 $w_counts1" | awk '{ s = $4 - $3
    printf "\"serverCpuPercent\":%.1f,\"windowSeconds\":%.1f,\"captureFps\":%.1f,", ($2 - $1) / $5 / s * 100, s, ($9 - $6) / s
    printf "\"h264FramesEncoded\":%d,\"jpegFramesEncoded\":%d", $10 - $7, $11 - $8 }'
}

# record NAME JSON LOAD_BEFORE: one line of results.jsonl.
record() {
  echo "{\"step\":\"$1\",\"round\":${round:-0},\"loadBefore\":\"$3\",\"loadAfter\":\"$(loadavg)\",\"result\":$2}" | tee -a "$results"
}

# player MODE SECONDS: one run of the Node script, its JSON line.
player() {
  (cd src/test/js && node bench-player.mjs "$url" "$@") | tail -1
}

# cpu_with_viewers MODE: the server's CPU (% of one core) over $cpu_seconds while $viewers pages play by MODE.
cpu_with_viewers() {
  local mode=$1 before ticks0 t0 ticks1 t1 node_out=$out/viewers-$1-$round.out
  before=$(loadavg)
  (cd src/test/js && exec node bench-player.mjs "$url" "viewers-$mode" $((cpu_seconds + 5)) "$viewers") > "$node_out" 2>&1 &
  local node_pid=$!
  for _ in $(seq 1 1800); do
    grep -q VIEWERS-READY "$node_out" && break
    kill -0 "$node_pid" 2> /dev/null || break
    sleep 0.1
  done
  sleep 2
  window_open
  sleep "$cpu_seconds"
  window_close
  wait "$node_pid" || true
  record "cpu-$mode" "{$(window_fields),\"viewers\":$(tail -1 "$node_out")}" "$before"
}

# cpu_with_bench_clients NAME TARGET: the server's CPU over $cpu_seconds while $viewers clients that take every frame
# (`edgecam bench`, no browser) watch TARGET: what 20 viewers cost a server when nothing slows them, as on a LAN of
# capable devices. Headless pages on these 2 cores paint at a few fps and starve the server's capture, so their
# cost is the browsers' limit; these clients compare MJPEG (/stream) and the page's H.264 (ws://…/h264) at equal rates.
cpu_with_bench_clients() {
  local name=$1 target=$2 before bench_out=$out/$1-$round.json
  before=$(loadavg)
  java -jar "$jar" bench "$target" --clients "$viewers" --warmup 5s \
    --duration "$((cpu_seconds + 4))s" --json > "$bench_out" 2> "$out/$name-$round.err" &
  local bench_pid=$!
  sleep 7 # connected and past the bench's warm-up
  window_open
  sleep "$cpu_seconds"
  window_close
  wait "$bench_pid" || true
  local received
  received=$(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); g = r["groups"][0]
print(json.dumps({"fps": g["fps"], "skipped": g["skipped"], "latencyMillis": g["latencyMillis"],
                  "bytesPerSecond": g["bytesPerSecond"], "failures": r["failures"]}))' "$bench_out" 2>/dev/null || echo null)
  record "cpu-$name" "{$(window_fields),\"clients\":$viewers,\"target\":\"$target\",\"received\":$received}" "$before"
}
cpu_with_mjpeg_clients() { cpu_with_bench_clients mjpeg-clients "http://127.0.0.1:$port/stream"; }
cpu_with_ws_clients() { cpu_with_bench_clients h264-ws-clients "ws://127.0.0.1:$port/h264"; }

cpu_idle() {
  local before
  before=$(loadavg)
  sleep 12 # the encoder closes 10 s after its last viewer
  window_open
  sleep 15
  window_close
  record cpu-idle "{$(window_fields)}" "$before"
}

round=0
log "warm-up: a WebCodecs viewer for 20 s (the JIT, the encoder's first open)"
player webcodecs 20 > "$out/warmup.json" || true
for round in $(seq 1 "$rounds"); do
  if [ "$webcodecs_seconds" -gt 0 ]; then
    log "round $round: WebCodecs latency, ${webcodecs_seconds} s"
    before=$(loadavg); record webcodecs "$(player webcodecs "$webcodecs_seconds")" "$before"
  fi
  if [ "$bytes_seconds" -gt 0 ]; then
    log "round $round: bytes per second, H.264 then MJPEG, ${bytes_seconds} s each"
    before=$(loadavg); record bytes "$(player bytes "$bytes_seconds")" "$before"
  fi
  log "round $round: server CPU, idle and with $viewers viewers each way"
  cpu_idle
  if [ $((round % 2)) -eq 1 ]; then cpu_with_viewers h264; cpu_with_viewers mjpeg; cpu_with_mjpeg_clients; cpu_with_ws_clients
  else cpu_with_ws_clients; cpu_with_mjpeg_clients; cpu_with_viewers mjpeg; cpu_with_viewers h264; fi
done
round=0
if [ "$mse_seconds" -gt 0 ]; then
  log "MSE latency over ${mse_seconds} s"
  before=$(loadavg); record mse "$(player mse "$mse_seconds")" "$before"
fi
kill -TERM "$server_pid"; wait "$server_pid" || true; trap - EXIT
log "done: $results"
