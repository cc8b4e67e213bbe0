#!/usr/bin/env bash
# Benchmarks edgecam on this machine and writes docs/benchmarks.md (figures, machine, how to reproduce).
#
#   bench/run.sh            the standard matrix: 640x480 and 1280x720 at 30 fps, quality 80; 1, 10, 50 and 200
#                           clients over TCP and HTTP; 200 mixed; 50 connecting at once; the encoder against tjbench;
#                           a JFR profile of the server during the 200-client run; an async-profiler CPU profile
#                           (flame graph, kernel included) during a 50-client HTTP run; resident memory at 50
#                           viewers of the test pattern and of a file, with where it goes (bench/memory.sh);
#                           three 640x480 cameras in one server with 20 viewers each (bench/multicam.sh); with
#                           BENCH_BASELINE=REV (e.g. ff6f718), serving CPU per frame against that commit, the two jars
#                           served alternately (bench/ab.sh)
#   bench/run.sh --quick    the same with 5 s runs and one encoder round, to try the script
#
# Environment: BENCH_SIZES (server sizes, default "640x480 1280x720"), BENCH_DURATION (default 15s), BENCH_ROUNDS (encoder rounds, default 3), BENCH_TCP_PORT (16810),
# BENCH_HTTP_PORT (18080), BENCH_NICE (niceness of everything measured, default 0; as root, -10 makes other work
# on a shared machine disturb the figures less, at the other work's expense), BENCH_WARMUP (how long the server is
# warmed up with 100 clients before the first recorded run, default 30s: until the JIT has compiled the serving
# code, its compiler threads would be counted as serving cost). Raw results go to target/bench/. Needs Java 17,
# Maven, python3 (for the report), tjbench and ffmpeg (Debian packages libjpeg-turbo-progs and ffmpeg, installed here
# when missing and running as root); async-profiler comes from Maven Central.
# Benchmarks check speed; they are not part of mvn test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-30s}
async_profiler_version=4.2
rounds=${BENCH_ROUNDS:-3}
if [ "${1:-}" = "--quick" ]; then duration=5s; rounds=1; warmup=5s; fi
tcp_port=${BENCH_TCP_PORT:-16810}
http_port=${BENCH_HTTP_PORT:-18080}
niceness=${BENCH_NICE:-0}
run() { nice -n "$niceness" "$@"; }
out=target/bench
results=$out/results
sizes=${BENCH_SIZES:-640x480 1280x720}
# BENCH_KEEP=1 keeps earlier raw results (to redo one size: BENCH_KEEP=1 BENCH_ROUNDS=0 BENCH_SIZES=1280x720).
if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$results"; fi
mkdir -p "$results" docs
log() { echo "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------
if ! command -v tjbench >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    log "installing tjbench (libjpeg-turbo-progs)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjpeg-turbo-progs) >&2
  else
    log "tjbench is missing: sudo apt-get install libjpeg-turbo-progs"; exit 1
  fi
fi
command -v python3 >/dev/null || { log "python3 is missing (it writes the report): apt-get install python3"; exit 1; }

# --- build -------------------------------------------------------------------------------------------------
log "building target/edgecam.jar and the JMH benchmarks (mvn -Pbench)"
mvn -q -B -DskipTests package >&2
mvn -q -B -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test >&2
jar=target/edgecam.jar
# async-profiler's agent, for the CPU profile with kernel frames (a jar on Maven Central holding the native library).
profiler_lib=
case "$(uname -m)" in x86_64) profiler_arch=linux-x64 ;; aarch64) profiler_arch=linux-arm64 ;; *) profiler_arch= ;; esac
if [ -n "$profiler_arch" ] && mvn -q -B dependency:copy -Dartifact="tools.profiler:async-profiler:$async_profiler_version" \
     -DoutputDirectory="$out" >&2 && (cd "$out" && unzip -o -q "async-profiler-$async_profiler_version.jar" "$profiler_arch/libasyncProfiler.so"); then
  profiler_lib="$here/$out/$profiler_arch/libasyncProfiler.so"
else
  log "async-profiler is not available here; the CPU profile is left out"
fi
cp="target/classes:target/test-classes:$(cat "$out/classpath.txt")"
http=false
if java -jar "$jar" serve --help | grep -q -- '--http-port'; then http=true; fi

# --- the machine -------------------------------------------------------------------------------------------
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "cores=$(nproc)"
  echo "memory=$(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "kernel=$(uname -sr)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "tjbench=$(dpkg-query -W -f='${Version}' libjpeg-turbo-progs 2>/dev/null || echo unknown)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration=$duration"
  echo "warmup=$warmup"
  echo "nice=$niceness"
  echo "http=$http"
} > "$results/machine.txt"

# --- the encoder against tjbench, on the same picture ------------------------------------------------------
for size in 1280x720 640x480; do
  java -cp "$cp" dev.edgecam.encode.BenchImage "$size" "$out/pattern-$size.ppm"
  for round in $(seq "$rounds"); do
    log "encoder $size round $round: tjbench, then JMH"
    # tjbench -quiet prints Mpixels/s; 4:2:0 is what OpenCV's imencode writes.
    mpix=$(cd "$out" && run tjbench "pattern-$size.ppm" 80 -subsamp 420 -componly -nowrite -benchtime 5 -warmup 1 -quiet \
      | awk '$1 == "BGR" {print $7}' | tail -1)
    run java -cp "$cp" org.openjdk.jmh.Main JpegEncoderBenchmark -p size="$size" -p quality=80 -f 1 -wi 2 -w 2 -i 3 -r 2 \
      -rf json -rff "$results/jmh-$size-$round.json" > "$out/jmh-$size-$round.txt"
    echo "$size $round $mpix" >> "$results/tjbench.txt"
  done
done

# --- the server matrix -------------------------------------------------------------------------------------
server_pid=
start_server() { # SIZE
  local size=$1
  local started http_flag="" port
  for port in "$tcp_port" $($http && echo "$http_port"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is already in use; stop what listens there or set BENCH_TCP_PORT / BENCH_HTTP_PORT"; exit 1
    fi
  done
  if $http; then http_flag="--http-port $http_port"; fi
  started=$(date +%s%N)
  # Through ./edgecam, as users start it (with its JVM options); the jar is fresh, so the script only checks that.
  EDGECAM_JAVA_OPTS="-Xmx64m -Xlog:gc:file=$results/gc-$size.log:uptime,level,tags" \
    nice -n "$niceness" ./edgecam serve --source test --size "$size" --fps 30 --quality 80 --host 127.0.0.1 --port "$tcp_port" --max-clients 1000 --max-clients-per-address 1000 \
    $http_flag --status-interval 0 2> "$out/server-$size.log" &
  server_pid=$! # nice and ./edgecam exec, so this is the JVM's pid
  # A step that fails under set -e must not leave the server running (the next run would find its ports taken).
  trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT
  # JVM start to first frame served: a plain TCP client (bash's /dev/tcp) retries until it gets a frame header.
  local tries=0
  until exec 3<>"/dev/tcp/127.0.0.1/$tcp_port"; do
    tries=$((tries + 1))
    if [ $tries -ge 3000 ] || ! kill -0 "$server_pid"; then
      log "the server did not start; see $out/server-$size.log"; exit 1
    fi
    sleep 0.01
  done 2>/dev/null
  printf 3 >&3
  head -c 4 <&3 > /dev/null
  echo "$size $(( ($(date +%s%N) - started) / 1000000 ))" >> "$results/startup.txt"
  exec 3>&-
}
stop_server() { # SIZE
  # The server's CPU over its whole life by thread role: the GC share of the whole matrix, and the JIT's.
  python3 bench/thread_roles.py "$server_pid" > "$results/threads-$1.json" || log "  could not read the server's threads"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  trap - EXIT
}
bench() { # NAME ARGS...
  local name=$1; shift
  log "  $name"
  local state=()
  if $http; then state=(--state "http://127.0.0.1:$http_port/state"); fi
  run java -jar "$jar" bench "$@" "${state[@]}" --json --server-pid "$server_pid" > "$results/$name.json" \
    || log "  $name: the bench reported a failure (see $results/$name.json)"
}

tcp=127.0.0.1:$tcp_port
url=http://127.0.0.1:$http_port/stream
for size in $sizes; do
  # Start-up is one noisy figure per start: four starts that only time the first frame, then the one that serves
  # the matrix; the report gives their median and spread.
  for start in 1 2 3 4; do
    log "start-up $size, $start of 5"
    start_server "$size"
    stop_server "$size"
  done
  log "server at $size"
  start_server "$size"
  log "  warming the server up for $warmup (not recorded)"
  if $http; then warm_targets=("$tcp" "$url"); else warm_targets=("$tcp"); fi
  run java -jar "$jar" bench "${warm_targets[@]}" --clients 100 --duration "$warmup" --warmup 0s > /dev/null
  for clients in 1 10 50 200; do
    bench "$size-tcp-$clients" "$tcp" --clients "$clients" --duration "$duration"
    if $http; then bench "$size-http-$clients" "$url" --clients "$clients" --duration "$duration"; fi
  done
  if $http; then
    bench "$size-mixed-200" "$tcp" "$url" --clients 200 --duration "$duration"
  fi
  bench "$size-burst-tcp-50" "$tcp" --clients 50 --duration 2s
  if $http; then bench "$size-burst-http-50" "$url" --clients 50 --duration 2s; fi
  if [ "$size" = 1280x720 ]; then
    if [ -n "$profiler_lib" ] && $http; then
      # CPU samples of every thread, Java and kernel frames, during a 50-client HTTP run: where serving goes.
      # Before the JFR run, whose recording is written out after it stops. jcmd's own parser splits at '=', so the
      # agent's options are quoted once more.
      jcmd "$server_pid" JVMTI.agent_load "$profiler_lib" "\"start,event=cpu,interval=1ms,cstack=vm\"" > /dev/null
      bench "$size-profiled-http-50" "$url" --clients 50 --duration "$duration"
      jcmd "$server_pid" JVMTI.agent_load "$profiler_lib" "\"dump,file=$here/$results/cpu-http-50.collapsed,collapsed\"" > /dev/null
      jcmd "$server_pid" JVMTI.agent_load "$profiler_lib" "\"stop,file=$here/$results/cpu-http-50.html,flamegraph\"" > /dev/null
    fi
    # The JFR profile: the server during a 200-client run (mixed when HTTP is there).
    jcmd "$server_pid" JFR.start name=bench settings=profile filename="$here/$results/server-200.jfr" > /dev/null
    if $http; then targets=("$tcp" "$url"); else targets=("$tcp"); fi
    bench "$size-profiled-200" "${targets[@]}" --clients 200 --duration "$duration"
    jcmd "$server_pid" JFR.stop name=bench > /dev/null
  fi
  stop_server "$size"
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"

# --- three cameras in one server, 20 viewers each (issue 12) -----------------------------------------------
log "three cameras (bench/multicam.sh)"
BENCH_DURATION=$duration BENCH_WARMUP=$warmup BENCH_TCP_PORT=$tcp_port BENCH_HTTP_PORT=$http_port BENCH_NICE=$niceness \
  bench/multicam.sh > /dev/null

# --- optional: serving CPU against an earlier commit, alternating (issue 12) -------------------------------
if [ -n "${BENCH_BASELINE:-}" ]; then
  log "against $BENCH_BASELINE (bench/ab.sh)"
  BENCH_DURATION=$duration BENCH_WARMUP=$warmup BENCH_TCP_PORT=$tcp_port BENCH_HTTP_PORT=$http_port BENCH_NICE=$niceness \
    bench/ab.sh "$BENCH_BASELINE" > /dev/null
fi

# --- memory at 50 viewers, test pattern and file, with the launcher's defaults ------------------------------
log "memory (bench/memory.sh)"
BENCH_DURATION=$duration BENCH_TCP_PORT=$tcp_port BENCH_HTTP_PORT=$http_port BENCH_NICE=$niceness bench/memory.sh

# --- H.264 encoding against the ffmpeg program (issue 13) ----------------------------------------------------
BENCH_ROUNDS=$rounds BENCH_NICE=$niceness bench/encode.sh >/dev/null

# --- the report --------------------------------------------------------------------------------------------
for view in jdk.ExecutionSample jdk.NativeMethodSample jdk.ObjectAllocationSample; do
  jfr print --json --events "$view" "$results/server-200.jfr" > "$results/jfr-$view.json"
done
python3 bench/report.py "$results" bench/notes.md > docs/benchmarks.md
log "wrote docs/benchmarks.md (raw results in $results)"
