#!/usr/bin/env bash
# Three cameras in one server (issue 12): three 640x480 test patterns at 30 fps from one config file
# (./edgecam serve --config, as users start it), 20 HTTP viewers on each camera's /cam/ID/stream at once, one load
# generator spreading its 60 clients over the three URLs in turn. The target: every viewer >= 29.5 fps.
#
#   bench/multicam.sh        about a minute; raw result in target/bench/results/multicam-60.json, the verdict on stdout
#
# bench/run.sh runs it as one step (it reads BENCH_DURATION, BENCH_WARMUP, BENCH_TCP_PORT, BENCH_HTTP_PORT and
# BENCH_NICE the same way). The three cameras' legacy ports are BENCH_TCP_PORT and the two after it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

source bench/common.sh
jar=target/edgecam.jar
cameras=(front till yard)
viewers_per_camera=20

./edgecam --version > /dev/null # builds target/edgecam.jar when it is missing or older than the sources
config=$out/multicam.yml
{
  echo "host: 127.0.0.1"
  echo "http_port: $http_port"
  echo "status_interval: 0"
  echo "max_clients: 1000"
  echo "max_clients_per_address: 1000"
  echo "cameras:"
  for i in "${!cameras[@]}"; do
    echo "  - id: ${cameras[$i]}"
    echo "    source: test"
    echo "    size: 640x480"
    echo "    fps: 30"
    echo "    quality: 80"
    echo "    legacy_port: $((tcp_port + i))"
  done
} > "$config"

log "three cameras, $viewers_per_camera viewers each ($config)"
echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" > "$results/multicam-machine.txt"
start_server "$out/server-multicam.log" nice -n "$niceness" ./edgecam serve --config "$config"
targets=()
for id in "${cameras[@]}"; do targets+=("http://127.0.0.1:$http_port/cam/$id/stream"); done
clients=$((viewers_per_camera * ${#cameras[@]}))
log "  warming the server up for $warmup (not recorded)"
nice -n "$niceness" java -jar "$jar" bench "${targets[@]}" --clients "$clients" --duration "$warmup" --warmup 0s > /dev/null
log "  multicam-$clients"
nice -n "$niceness" java -jar "$jar" bench "${targets[@]}" --clients "$clients" --duration "$duration" --json \
  --server-pid "$server_pid" --state "http://127.0.0.1:$http_port/state" > "$results/multicam-$clients.json" \
  || log "  multicam-$clients: the bench reported a failure (see $results/multicam-$clients.json)"
stop_server
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/multicam-machine.txt"

# The verdict (every viewer >= 29.5 fps), with bench/ab.sh's table when that step ran too.
python3 bench/report_issue12.py "$results"
