#!/usr/bin/env bash
# Serving CPU per delivered frame of this tree against an earlier commit (issue 12: "the restructuring must not cost
# speed"), in one run: both jars served one after the other, alternating, with the same java command line (the
# launcher's JVM options change between commits, so ./edgecam is not used: the comparison is of the code), the same
# options and the same load generator (this tree's). Each server is warmed up, then measured at 50 TCP, 50 HTTP and
# 200 mixed clients.
#
#   bench/ab.sh REV          e.g. bench/ab.sh ff6f718; about 2 minutes per round; the table on stdout, raw results
#                            in target/bench/results/ab-*.json
#
# bench/run.sh runs it when BENCH_BASELINE=REV is set. Environment: BENCH_AB_ROUNDS (default 2), BENCH_AB_SIZE
# (default 1280x720), BENCH_AB_JAVA_OPTS (default "-XX:TieredStopAtLevel=1 -Xmx64m", as the matrix), and
# BENCH_DURATION, BENCH_WARMUP, BENCH_TCP_PORT, BENCH_HTTP_PORT, BENCH_NICE as bench/run.sh reads them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

baseline=${1:?"usage: bench/ab.sh REV (the commit to compare this tree with, e.g. ff6f718)"}
rounds=${BENCH_AB_ROUNDS:-2}
size=${BENCH_AB_SIZE:-1280x720}
read -r -a java_opts <<< "${BENCH_AB_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xmx64m}"
source bench/common.sh

rev=$(git rev-parse --short "$baseline^{commit}" 2>/dev/null) \
  || { log "$baseline is not a commit of this repository; give a hash or a branch"; exit 1; }
# The baseline's jar, built once in a scratch worktree outside this one (kept for the next run under target/bench).
baseline_jar=$here/$out/edgecam-$rev.jar
if [ ! -f "$baseline_jar" ]; then
  scratch=$(mktemp -d)
  log "building the jar of $rev in $scratch"
  git worktree add -q --detach "$scratch/tree" "$rev"
  (cd "$scratch/tree" && mvn -q -B -DskipTests package >&2)
  cp "$scratch/tree/target/edgecam.jar" "$baseline_jar"
  git worktree remove --force "$scratch/tree"
  rm -rf "$scratch"
fi
./edgecam --version > /dev/null # builds target/edgecam.jar when it is missing or older than the sources
current_jar=$here/target/edgecam.jar

echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" > "$results/ab-machine.txt"
{ echo "baseline=$rev"; echo "current=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "command=java ${java_opts[*]} -jar JAR serve --source test --size $size --fps 30 --quality 80"
  echo "duration=$duration"; echo "warmup=$warmup"; echo "rounds=$rounds"; } >> "$results/ab-machine.txt"
tcp=127.0.0.1:$tcp_port
url=http://127.0.0.1:$http_port/stream
for round in $(seq "$rounds"); do
  for side in baseline current; do
    jar=$baseline_jar; if [ "$side" = current ]; then jar=$current_jar; fi
    log "A/B round $round of $rounds: $side"
    start_server "$out/server-ab-$side.log" nice -n "$niceness" java "${java_opts[@]}" -jar "$jar" serve --source test \
      --size "$size" --fps 30 --quality 80 --host 127.0.0.1 --port "$tcp_port" --http-port "$http_port" \
      --max-clients 1000 --max-clients-per-address 1000 --status-interval 0
    nice -n "$niceness" java -jar "$current_jar" bench "$tcp" "$url" --clients 100 --duration "$warmup" --warmup 0s > /dev/null
    for run in "tcp-50 $tcp" "http-50 $url" "mixed-200 $tcp $url"; do
      read -r name targets <<< "$run"
      log "  $name"
      # shellcheck disable=SC2086 # targets is one or two words
      nice -n "$niceness" java -jar "$current_jar" bench $targets --clients "${name#*-}" --duration "$duration" --json \
        --server-pid "$server_pid" --state "http://127.0.0.1:$http_port/state" > "$results/ab-$side-$round-$name.json" \
        || log "  $name: the bench reported a failure (see $results/ab-$side-$round-$name.json)"
    done
    stop_server
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/ab-machine.txt"
python3 bench/report_issue12.py "$results"
