#!/usr/bin/env bash
# Two builds of edgecam side by side (e.g. main and a branch), each serving the 1280x720 30 fps test pattern in its
# own process, both running throughout: serving CPU per delivered frame at 1 and 200 UDP viewers, the two
# alternating, rounds repeated, the load average noted before each run. Per frame, as bench/rtsp.sh step 2:
# (serving CPU s at 200 - at 1) / (frames at 200 - at 1).
#
#   bench/rtsp_udp_ab.sh BEFORE.jar AFTER.jar [OUT_DIR]
#
# Environment: AB_ROUNDS (3), AB_DURATION (15s), AB_CLIENTS (200), AB_PORT (18640: RTSP ports AB_PORT and +2, HTTP
# +1 and +3).
set -euo pipefail
before=$1 after=$2 out=${3:-target/bench/rtsp-ab}
rounds=${AB_ROUNDS:-3} duration=${AB_DURATION:-15s} clients=${AB_CLIENTS:-200} port=${AB_PORT:-18640}
mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done' EXIT
start() { # NAME JAR RTSP_PORT HTTP_PORT
  java -jar "$2" serve --source test --size 1280x720 --fps 30 --h264-bitrate 2M --host 127.0.0.1 --port 0 \
    --http-port "$4" --rtsp-port "$3" --max-clients 1000 --max-clients-per-address 1000 --status-interval 0 \
    2> "$out/server-$1.log" &
  pids+=($!)
  eval "pid_$1=$!"
  for _ in $(seq 1500); do (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null && return; sleep 0.02; done
  echo "server $1 did not start; see $out/server-$1.log" >&2; exit 1
}
start before "$before" "$port" $((port + 1))
start after "$after" $((port + 2)) $((port + 3))
measure() { # NAME PID RTSP_PORT HTTP_PORT N
  echo "$1 load=$(cut -d' ' -f1-3 /proc/loadavg) at=$(date -u +%H:%M:%S)" | tee -a "$out/load.txt"
  java -jar "$before" bench "rtsp://127.0.0.1:$3/stream" --rtsp-transport udp --clients "$5" --duration "$duration" \
    --json --server-pid "$2" --state "http://127.0.0.1:$4/state" > "$out/$1.json" || echo "$1 failed" >&2
}
for side in before after; do # warm-up, not recorded
  p=$([ $side = before ] && echo "$port" || echo $((port + 2)))
  java -jar "$before" bench "rtsp://127.0.0.1:$p/stream" --rtsp-transport udp --clients 50 --duration 10s \
    --warmup 0s > /dev/null || true
done
for round in $(seq "$rounds"); do
  for n in 1 "$clients"; do
    measure "before-$n-r$round" "$pid_before" "$port" $((port + 1)) "$n"
    measure "after-$n-r$round" "$pid_after" $((port + 2)) $((port + 3)) "$n"
  done
done
/usr/bin/python3 - "$out" "$rounds" "$clients" <<'PY'
import json, statistics, sys
out, rounds, many = sys.argv[1], int(sys.argv[2]), sys.argv[3]
load = dict(l.split(" load=")[0:1] + [l.split(" load=")[1].split()[0]] for l in open(out + "/load.txt"))
def run(name): return json.load(open("%s/%s.json" % (out, name)))
def frames(r): return sum(g["frames"] for g in r["groups"])
def cpu(r, part): return r["server"][part]["percentOfCore"] / 100.0 * r["windowSeconds"]
print("| round | build | published fps at 1 / %s | frames at 1 / %s | slowest viewer fps | lost | serving us/frame | whole us/frame | load at %s |" % (many, many, many))
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
per = {"before": [], "after": []}
for r in range(1, rounds + 1):
    for side in ("before", "after"):
        one, lots = run("%s-1-r%d" % (side, r)), run("%s-%s-r%d" % (side, many, r))
        df = frames(lots) - frames(one)
        serving = (cpu(lots, "serving") - cpu(one, "serving")) / df * 1e6
        whole = (cpu(lots, "total") - cpu(one, "total")) / df * 1e6
        per[side].append(serving)
        g = lots["groups"][0]
        print("| %d | %s | %.1f / %.1f | %d / %d | %.1f | %s | %.1f | %.1f | %s |" % (r, side, one.get("publishedFps") or 0,
              lots.get("publishedFps") or 0, frames(one), frames(lots), g["fps"]["min"], g.get("lostPackets"), serving, whole,
              load["%s-%s-r%d" % (side, many, r)]))
ratios = [a / b for a, b in zip(per["after"], per["before"])]
print("\nafter/before serving per round: %s; median %.2f (before median %.1f us, after %.1f us)" % (
      ", ".join("%.2f" % x for x in ratios), statistics.median(ratios), statistics.median(per["before"]),
      statistics.median(per["after"])))
PY
