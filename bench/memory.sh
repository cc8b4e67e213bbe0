#!/usr/bin/env bash
# Resident memory (RSS) of the server as ./edgecam starts it (its default JVM options and environment), serving
# 1280x720 at 30 fps: idle, then 50 viewers over TCP, then 50 over HTTP; for the test pattern and for a file (an
# H.264 clip made with FFmpeg, decoded and re-encoded as a camera file is). After each step, where the memory went
# (bench/memory_breakdown.py: /proc/PID/smaps by mapping); then one more server per source with the JVM's native
# memory tracking on, for the JVM's own figures (tracking costs a few MB itself, so the RSS figures come from the
# first server).
#
#   bench/memory.sh          about 4 minutes; raw results in target/bench/results/memory-*.json
#
# bench/run.sh runs it as one step of the matrix (it reads BENCH_DURATION, BENCH_TCP_PORT, BENCH_HTTP_PORT and
# BENCH_NICE the same way). Needs Java 17, Maven (./edgecam builds the jar when needed), python3 and ffmpeg (Debian
# package ffmpeg, installed here when missing and running as root).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

source bench/common.sh
jar=target/edgecam.jar
clients=50

if ! command -v ffmpeg >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ffmpeg (to make the test clip)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg) >&2
  else
    log "ffmpeg is missing: sudo apt-get install ffmpeg"; exit 1
  fi
fi
./edgecam --version > /dev/null # builds target/edgecam.jar when it is missing or older than the sources
# 20 s of 1280x720 at 30 fps in H.264, as a camera's or a phone's recording would be; the server loops it.
clip=$out/clip-1280x720.mp4
if [ ! -f "$clip" ]; then
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -t 20 -c:v libx264 -preset veryfast -pix_fmt yuv420p "$clip"
fi

# When and how loaded: memory figures hardly move with other work on the machine, frame rates do.
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/memory-machine.txt"

start_memory_server() { # SOURCE JAVA_OPTS
  # Through ./edgecam, as users start it: its JVM options and environment are what is measured.
  start_server "$out/server-memory.log" env EDGECAM_JAVA_OPTS="$2" nice -n "$niceness" ./edgecam serve --source "$1" \
    --size 1280x720 --fps 30 --quality 80 --host 127.0.0.1 --port "$tcp_port" --http-port "$http_port" \
    --max-clients 1000 --max-clients-per-address 1000 --status-interval 0
}
bench() { # NAME TARGET
  log "  $1"
  nice -n "$niceness" java -jar "$jar" bench "$2" --clients "$clients" --duration "$duration" --json \
    --server-pid "$server_pid" --state "http://127.0.0.1:$http_port/state" > "$results/$1.json" \
    || log "  $1: the bench reported a failure (see $results/$1.json)"
}
breakdown() { # NAME
  python3 bench/memory_breakdown.py "$server_pid" > "$results/$1.json" || log "  could not read the server's memory"
}

for source in test file; do
  spec=$source
  if [ "$source" = file ]; then spec=file:$clip; fi
  log "memory: $source at 1280x720, as ./edgecam starts it"
  start_memory_server "$spec" ""
  sleep 10 # start-up done, nobody watching
  if [ "$source" = test ]; then # what ./edgecam ran: the JVM's command line and the malloc setting it exported
    echo "command=$(tr '\0' ' ' < "/proc/$server_pid/cmdline")" >> "$results/memory-machine.txt"
    echo "environment=$(tr '\0' '\n' < "/proc/$server_pid/environ" | grep -E '^(MALLOC_|OPENBLAS_)' | tr '\n' ' ')" \
      >> "$results/memory-machine.txt"
  fi
  breakdown "memory-$source-idle"
  bench "memory-$source-tcp-$clients" "127.0.0.1:$tcp_port"
  breakdown "memory-$source-tcp-$clients-breakdown"
  bench "memory-$source-http-$clients" "http://127.0.0.1:$http_port/stream"
  breakdown "memory-$source-http-$clients-breakdown"
  stop_server
  log "memory: $source again, with the JVM's native memory tracking"
  start_memory_server "$spec" "-XX:NativeMemoryTracking=summary"
  nice -n "$niceness" java -jar "$jar" bench "http://127.0.0.1:$http_port/stream" --clients "$clients" \
    --duration 15s --no-state > /dev/null &
  sleep 15 # read while the 50 viewers watch
  breakdown "memory-$source-nmt"
  wait $! || true
  stop_server
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/memory-machine.txt"
