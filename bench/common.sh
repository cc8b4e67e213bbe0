# What the benchmark steps share (bench/memory.sh, bench/multicam.sh, bench/ab.sh, bench/rtsp.sh, bench/nvr.sh): the settings they read from the
# environment, as bench/run.sh passes them, and starting and stopping one server. Sourced from the repository's root.

duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-30s}
tcp_port=${BENCH_TCP_PORT:-16810}
http_port=${BENCH_HTTP_PORT:-18080}
niceness=${BENCH_NICE:-0}
out=target/bench
results=$out/results
mkdir -p "$results"
log() { echo "bench: $*" >&2; }

server_pid=
# start_server LOG COMMAND...: runs COMMAND (a server listening on 127.0.0.1 $tcp_port) in the background and waits
# until its legacy port accepts a connection.
start_server() {
  local server_log=$1; shift
  local port
  for port in "$tcp_port" "$http_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is already in use; stop what listens there or set BENCH_TCP_PORT / BENCH_HTTP_PORT"; exit 1
    fi
  done
  "$@" 2> "$server_log" &
  server_pid=$! # env, nice and ./edgecam exec, so this is the JVM's pid
  # A step that fails under set -e must not leave the server running (the next run would find its ports taken).
  trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$tcp_port") 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -ge 3000 ] || ! kill -0 "$server_pid" 2>/dev/null; then
      log "the server did not start; see $server_log"; exit 1
    fi
    sleep 0.01
  done
}
# wait_port PORT PID LOG: waits until something accepts connections on 127.0.0.1 PORT, for at most a minute, and
# stops the script when the process PID (the server meant to listen there) ended first.
wait_port() { # PORT PID LOG
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -ge 3000 ] || ! kill -0 "$2" 2>/dev/null; then log "the server did not start; see $3"; exit 1; fi
    sleep 0.02
  done
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  trap - EXIT
}
