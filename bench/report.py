#!/usr/bin/env python3
"""Writes docs/benchmarks.md from the raw results bench/run.sh leaves in target/bench/results.

Usage: report.py RESULTS_DIR NOTES.md > docs/benchmarks.md
"""
import collections
import glob
import json
import os
import re
import statistics
import sys

import report_h264
import report_rtsp
import report_issue12
import report_memory

results, notes_path = sys.argv[1], sys.argv[2]
SIZES = ["640x480", "1280x720"]
TARGET_SIZE = "1280x720"


def load(name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else None


def fmt(value, pattern="%.1f"):
    return "n/a" if value is None else pattern % value


def whole_life(size):
    """The server's CPU by thread role over its whole life (bench/thread_roles.py), with shares in percent."""
    path = os.path.join(results, "threads-%s.json" % size)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        life = json.load(f)
    total = life["totalSeconds"] or 1
    for role in ("gc", "jit", "capture"):
        life[role + "Percent"] = 100.0 * life["secondsByRole"][role] / total
    # Threads that ended are in the process's total but in no role: the JVM stops idle compiler threads, so some of
    # this is JIT time, and the JIT share is a lower bound.
    life["endedPercent"] = 100.0 * (life["totalSeconds"] - sum(life["secondsByRole"].values())) / total
    return life


def overall(report):
    return report["groups"][-1]


machine = {}
with open(os.path.join(results, "machine.txt")) as f:
    for line in f:
        key, _, value = line.strip().partition("=")
        machine[key] = value
http = machine.get("http") == "true"
out = []
w = out.append

w("# edgecam benchmarks")
w("")
w("Written by `bench/run.sh` on %s. Every figure below comes from that one run; the analysis at the end" % machine["date"])
w("(from `bench/notes.md`) says what the figures mean, which targets of issue 6 are met, and what was changed.")
w("")
w("## The machine")
w("")
w("| | |")
w("| --- | --- |")
for key, label in [("cpu", "CPU"), ("cores", "cores"), ("memory", "memory"), ("kernel", "kernel"), ("java", "Java"),
                   ("tjbench", "libjpeg-turbo (tjbench)"), ("load_before", "load average before"),
                   ("load_after", "load average after"), ("duration", "measured per run"),
                   ("warmup", "server warm-up before the first recorded run"),
                   ("nice", "niceness of server, load generator and encoders")]:
    w("| %s | %s |" % (label, machine.get(key, "?")))
w("")
w("The load averages before and after show whether anything else ran on the machine. Absolute figures drift on")
w("shared machines; ratios measured side by side (encoder against tjbench, one round after the other) are the")
w("reliable ones, and repeating the script shows the spread. `BENCH_NICE=-10` (as root) runs everything measured")
w("at a raised priority, so that other work disturbs it less; the niceness used is in the table above.")
w("")
w("## How to reproduce")
w("")
w("```")
w("bench/run.sh                 # about 11 minutes; writes this file, raw results in target/bench/results")
w("                             # (the recorded run's raw results, less the JFR dump and the raw stacks, are in docs/benchmarks-raw/)")
w("bench/run.sh --quick         # 5 s runs, one encoder round")
w("bench/memory.sh              # only the memory step: resident memory at 50 viewers, test pattern and file")
w("bench/rtsp.sh                # only the RTSP step (issue 13): viewers, against gst-rtsp-server, passthrough")
w("bench/multicam.sh            # only the three-camera step: 3 x 640x480 from one config file, 20 viewers each")
w("bench/ab.sh ff6f718          # serving CPU per frame against commit ff6f718, alternating (BENCH_BASELINE=ff6f718 in run.sh)")
w("BENCH_NICE=%s BENCH_DURATION=%s bench/run.sh   # the settings of the run recorded here" % (machine.get("nice", "0"), machine.get("duration", "15s")))
w("```")
w("")
w("What it runs, step by step (each is a command you can run alone):")
w("")
w("```")
w("mvn -q -DskipTests package                         # target/edgecam.jar")
w("mvn -q -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test")
w("CP=target/classes:target/test-classes:$(cat target/bench/classpath.txt)")
w("java -cp $CP dev.edgecam.encode.BenchImage 1280x720 pattern.ppm   # the test pattern's frame, for tjbench")
w("tjbench pattern.ppm 80 -subsamp 420 -componly -nowrite -benchtime 5 -warmup 1 -quiet")
w("java -cp $CP org.openjdk.jmh.Main JpegEncoderBenchmark -p size=1280x720 -p quality=80 -f 1 -wi 2 -w 2 -i 3 -r 2")
w("EDGECAM_JAVA_OPTS='-Xmx64m -Xlog:gc:file=gc.log' ./edgecam serve --source test --size 1280x720 --fps 30 \\")
w("    --quality 80 --host 127.0.0.1 --port 16810%s --status-interval 0 \\" % (" --http-port 18080" if http else ""))
w("    --max-clients 1000 --max-clients-per-address 1000 &   # the benchmark's clients all come from 127.0.0.1")
w("SERVER_PID=$!")
w("./edgecam bench 127.0.0.1:16810 --clients 100 --duration 30s --warmup 0s   # warms the server up; not recorded")
w("./edgecam bench 127.0.0.1:16810 --clients 200 --duration 15s --server-pid $SERVER_PID")
if http:
    w("./edgecam bench http://127.0.0.1:18080/stream --clients 50 --duration 15s --server-pid $SERVER_PID")
    w("./edgecam bench 127.0.0.1:16810 http://127.0.0.1:18080/stream --clients 200 --duration 15s --server-pid $SERVER_PID   # mixed")
    w("jcmd $SERVER_PID JVMTI.agent_load $PWD/target/bench/linux-x64/libasyncProfiler.so '\"start,event=cpu,interval=1ms,cstack=vm\"'")
    w("    # ... a 50-client HTTP run, then the same with '\"stop,file=$PWD/cpu.html,flamegraph\"' (async-profiler from Maven Central)")
w("jcmd $SERVER_PID JFR.start name=bench settings=profile filename=$PWD/server.jfr   # around the 200-client run")
w("```")
w("")

# --- encoder -----------------------------------------------------------------------------------------------
w("## The encoder against libjpeg-turbo's tjbench")
w("")
w("One thread, the same test-pattern frame, quality 80, 4:2:0 (what OpenCV's `imencode` writes). tjbench reports")
w("megapixels per second; frames per second = that / (width x height). JMH measures `JpegEncoder.encode`")
w("(OpenCV `imencode` through JavaCV, plus the copy of the JPEG into a Java array). Rounds alternate the two.")
w("")
w("| size | round | tjbench frames/s | edgecam (JMH) frames/s | ratio |")
w("| --- | --- | --- | --- | --- |")
ratios = collections.defaultdict(list)
with open(os.path.join(results, "tjbench.txt")) as f:
    for line in f:
        size, rnd, mpix = line.split()
        width, height = (int(x) for x in size.split("x"))
        tj = float(mpix) * 1e6 / (width * height)
        with open(os.path.join(results, "jmh-%s-%s.json" % (size, rnd))) as jf:
            jmh = json.load(jf)[0]["primaryMetric"]["score"]
        ratios[size].append(jmh / tj)
        w("| %s | %s | %.0f | %.0f | %.2fx |" % (size, rnd, tj, jmh, jmh / tj))
w("")
for size in ratios:
    w("Median ratio at %s: **%.2fx** tjbench." % (size, statistics.median(ratios[size])))
w("")

report_h264.write(results, w)
report_rtsp.write(results, w)

# --- start-up ----------------------------------------------------------------------------------------------
startups = collections.defaultdict(list)
with open(os.path.join(results, "startup.txt")) as f:
    for line in f:
        size, millis = line.split()
        startups[size].append(int(millis))
startup = {size: statistics.median(times) for size, times in startups.items()}
w("## Start-up")
w("")
w("From launching `./edgecam serve` (the script checks the jar is fresh and execs the JVM) to the first frame's header arriving at a plain TCP client that")
w("retries until the port answers; the median of %d starts per size, then every start in the order measured:" % max(
    len(t) for t in startups.values()))
w("")
for s in SIZES:
    if s in startup:
        w("- %s: **%d ms** (%s)" % (s, startup[s], ", ".join("%d" % t for t in startups[s])))
w("")

# --- streaming ---------------------------------------------------------------------------------------------
w("## Streaming")
w("")
w("`edgecam bench` against the server on the same machine; frames per second per client over the measured window")
w("(after every client had its first frame). *Server published* is the rate the server's capture loop published,"
  "\nfrom its `/state` (below 30 when the loaded machine delays the capture thread). Skipped frames come from two"
  "\nplaces: *seq* counts `X-Sequence` gaps seen by HTTP clients, *server* is what the server's `/state` counts for"
  "\nthe same clients (the only source for TCP). Latency is capture to last byte received, from `X-Timestamp`; the legacy")
w("protocol carries no timestamp or sequence number, so TCP rows show n/a there. Server CPU per delivered frame is")
w("its CPU time over the window divided by the frames all clients received; *serving* leaves out the capture thread")
w("(test pattern drawing and JPEG encoding), which is reported per delivered frame too. GC is the collector threads'")
w("share of the server's CPU, JIT the compiler threads' share (it shows code still being compiled: the window opens")
w("after a warm-up of `--warmup` 3 s, and the server was warmed up before the first run, see the machine table).")
w("The load generator's own CPU is the last column.")
w("")
for size in SIZES:
    w("### %s at 30 fps, quality 80" % size)
    w("")
    w("| run | receiving | server published fps | fps min/median/max | skipped seq/server | latency p50/p95/p99 ms | MB/s | first frame median/max ms"
      " | server % core | server us/frame | serving us/frame | capture us/frame | GC % | JIT % | RSS MB | generator us/frame |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(results, size + "-*.json")))
    order = {"tcp": 0, "http": 1, "mixed": 2, "profiled": 3, "burst": 4}

    def key(name):
        parts = name.split("-")
        return (order.get(parts[1], 9), int(parts[-1]), name)

    for name in sorted(names, key=key):
        r = load(name)
        if r is None:
            w("| %s | the run failed | | | | | | | | | | | | | | |" % name)
            continue
        for g in r["groups"]:
            if len(r["groups"]) > 1 and g["transport"] != "all":
                label = "%s (%s)" % (name[len(size) + 1:], g["transport"])
            else:
                label = name[len(size) + 1:]
            s = r["server"] or {}
            show_server = g is r["groups"][-1] and s
            lat = g["latencyMillis"]
            w("| %s | %d/%d | %s | %s/%s/%s | %s/%s | %s | %.1f | %s/%s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, g["receiving"], g["clients"], fmt(r.get("publishedFps")) if g is r["groups"][-1] else "",
                fmt(g["fps"]["min"]), fmt(g["fps"]["median"]), fmt(g["fps"]["max"]),
                "n/a" if g["skipped"] is None else g["skipped"],
                "n/a" if g.get("serverSkipped") is None else g["serverSkipped"],
                "n/a" if lat["p50"] is None else "%.1f/%.1f/%.1f" % (lat["p50"], lat["p95"], lat["p99"]),
                (g["bytesPerSecond"] or 0) / 1e6, fmt(g["firstFrameMillis"]["median"], "%.0f"),
                fmt(g["firstFrameMillis"]["max"], "%.0f"),
                fmt(s["total"]["percentOfCore"]) if show_server else "",
                fmt(s["total"]["microsPerFrame"]) if show_server else "",
                fmt(s["serving"]["microsPerFrame"]) if show_server else "",
                fmt(s["capture"]["microsPerFrame"]) if show_server else "",
                fmt(s["gcPercentOfCpu"], "%.2f") if show_server else "",
                fmt(s.get("jitPercentOfCpu"), "%.1f") if show_server else "",
                fmt(s["rssKb"] / 1024, "%.0f") if show_server else "",
                fmt((r["loadGenerator"] or {}).get("microsPerFrame")) if g is r["groups"][-1] else ""))
            if r["failures"] and g is r["groups"][-1]:
                for reason, count in r["failures"].items():
                    w("| &nbsp;&nbsp;failed: %d x %s | | | | | | | | | | | | | | | |" % (count, reason.replace("|", "/")))
    gc_log = os.path.join(results, "gc-%s.log" % size)
    if os.path.exists(gc_log):
        pauses, uptime = [], 0.0
        with open(gc_log) as f:
            for line in f:
                m = re.search(r"Pause.* ([0-9.]+)ms$", line.strip())
                if m:
                    pauses.append(float(m.group(1)))
                u = re.match(r"\[([0-9.]+)s\]", line)
                if u:
                    uptime = float(u.group(1))
        w("")
        w("GC log (`-Xmx64m`): %d pauses, %.0f ms in total, longest %.1f ms, over the server's %.0f s." % (
            len(pauses), sum(pauses), max(pauses) if pauses else 0, uptime))
    life = whole_life(size)
    if life:
        w("")
        w("The server's whole life (%.0f s, every run above and the warm-up): %.1f s of CPU; GC threads %.2f%%, JIT"
          " compiler threads %.1f%%, capture thread %.1f%%; threads that had ended by then %.1f%% (the JVM stops idle"
          " compiler threads, so part of that is JIT time too)." % (
              life["uptimeSeconds"], life["totalSeconds"], life["gcPercent"], life["jitPercent"],
              life["capturePercent"], life["endedPercent"]))
    w("")

# --- targets -----------------------------------------------------------------------------------------------
def group(name, transport=None):
    r = load(name)
    if r is None:
        return None, None
    for g in r["groups"]:
        if transport is None and g is r["groups"][-1] or g["transport"] == transport:
            return r, g
    return r, None


w("## Targets of issue 6 at %s, 30 fps, quality 80" % TARGET_SIZE)
w("")
w("Computed from the figures above (PASS/MISS is this run's; on a shared machine a rerun can differ).")
w("")
w("| target | measured | verdict |")
w("| --- | --- | --- |")
rows = []
big = "%s-mixed-200" % TARGET_SIZE if http else "%s-tcp-200" % TARGET_SIZE
r, g = group(big)
if g:
    skipped = g["skipped"] if g["skipped"] is not None else g.get("serverSkipped")
    ok = g["fps"]["min"] is not None and g["fps"]["min"] >= 29.5 and (skipped in (None, 0))
    rows.append(("200 clients%s: every client >= 29.5 fps, none skipped" % (" (TCP and HTTP mixed)" if http else " (TCP)"),
                 "min %s fps, median %s; %s skipped" % (fmt(g["fps"]["min"]), fmt(g["fps"]["median"]),
                                                        "n/a" if skipped is None else skipped), ok))
for transport in (["tcp", "http"] if http else ["tcp"]):
    r, g = group("%s-%s-50" % (TARGET_SIZE, transport))
    if r and r["server"]:
        v = r["server"]["serving"]["microsPerFrame"]
        rows.append(("server CPU per delivered frame at 50 clients (%s), encoding excluded: <= 31.5 us" % transport,
                     "%s us (capture+encode %s us per delivered frame)" % (fmt(v), fmt(r["server"]["capture"]["microsPerFrame"])),
                     v is not None and v <= 31.5))
if http:
    r, g = group("%s-http-50" % TARGET_SIZE)
    if g:
        p99 = g["latencyMillis"]["p99"]
        rows.append(("capture-to-receive latency p99 at 50 clients <= 10 ms", "%s ms" % fmt(p99), p99 is not None and p99 <= 10))
for transport in (["tcp", "http"] if http else ["tcp"]):
    r, g = group("%s-burst-%s-50" % (TARGET_SIZE, transport))
    if g:
        mx = g["firstFrameMillis"]["max"]
        rows.append(("50 clients connecting at once (%s): all get a first frame within 100 ms" % transport,
                     "%d/50 got one; max %s ms, median %s ms" % (g["receiving"], fmt(mx, "%.0f"), fmt(g["firstFrameMillis"]["median"], "%.0f")),
                     g["receiving"] == 50 and mx is not None and mx <= 100))
gc_max, rss_max = None, None
for path in glob.glob(os.path.join(results, TARGET_SIZE + "-*.json")):
    r = load(os.path.basename(path)[:-5])
    if r and r["server"]:
        # The 2 s burst runs hold too few 10 ms ticks for a share; the whole life below is the measure.
        if r["server"]["gcPercentOfCpu"] is not None and "-burst-" not in path:
            gc_max = max(gc_max or 0, r["server"]["gcPercentOfCpu"])
        rss_max = max(rss_max or 0, r["server"]["peakRssKb"] / 1024)
life = whole_life(TARGET_SIZE)
if life:
    rows.append(("the whole matrix with -Xmx64m, GC under 2% of the server's CPU",
                 "GC %.2f%% of the server's CPU over its whole life (at most %s%% in one run of 10 s or more); peak RSS %s MB"
                 % (life["gcPercent"], fmt(gc_max, "%.2f"), fmt(rss_max, "%.0f")), life["gcPercent"] < 2))
else:
    rows.append(("the whole matrix with -Xmx64m, GC under 2% of the server's CPU", "GC at most %s%% in any run; peak RSS %s MB" % (
        fmt(gc_max, "%.2f"), fmt(rss_max, "%.0f")), gc_max is not None and gc_max < 2))
if TARGET_SIZE in ratios:
    med = statistics.median(ratios[TARGET_SIZE])
    rows.append(("encoder >= 0.9x tjbench", "%.2fx (median of %d rounds)" % (med, len(ratios[TARGET_SIZE])), med >= 0.9))
if TARGET_SIZE in startup:
    rows.append(("JVM start to first frame served < 2 s", "median %d ms of %d starts (slowest %d ms)" % (
        startup[TARGET_SIZE], len(startups[TARGET_SIZE]), max(startups[TARGET_SIZE])), startup[TARGET_SIZE] < 2000))
for target, measured, ok in rows:
    w("| %s | %s | %s |" % (target, measured, "PASS" if ok else "**MISS**"))
w("")

# --- memory (bench/memory.sh) ------------------------------------------------------------------------------
report_memory.write(results, w)

# --- three cameras, and the cost against an earlier commit (bench/multicam.sh, bench/ab.sh; issue 12) ----------
report_issue12.write(results, w)

# --- the page's player in headless Chromium (issue 14) ----------------------------------------------------------
# bench/browser.sh is run on its own (about 25 minutes, a browser per viewer), not by bench/run.sh; its recorded
# section, with the analysis written from it, stays in the report until a new run replaces it by hand.
browser_section = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "benchmarks-raw",
                               "issue14-browser", "section.md")
if os.path.exists(browser_section):
    with open(browser_section) as f:
        w(f.read().rstrip())
    w("")

# --- recording and motion detection (issue 16) ------------------------------------------------------------------
# bench/nvr.sh is run on its own too (bench/report_nvr.py makes its tables); its recorded section stays likewise.
nvr_section = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "benchmarks-raw", "nvr",
                           "section.md")
if os.path.exists(nvr_section):
    with open(nvr_section) as f:
        w(f.read().rstrip())
    w("")

# --- profile -----------------------------------------------------------------------------------------------
def events(view):
    path = os.path.join(results, "jfr-%s.json" % view)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path) as f:
        return json.load(f)["recording"]["events"]


def frame_name(frame):
    method = frame["method"]
    return "%s.%s" % (method["type"]["name"].split(".")[-1], method["name"])


def top_frames(evs, depth_limit=1):
    counts = collections.Counter()
    for e in evs:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if frames:
            counts[" < ".join(frame_name(fr) for fr in frames[:depth_limit])] += 1
    return counts


w("## Profile of the 200-client run (JFR, settings=profile)")
w("")
exe = events("jdk.ExecutionSample")
nat = events("jdk.NativeMethodSample")
alloc = events("jdk.ObjectAllocationSample")
w("%d Java execution samples, %d native-method samples, %d allocation samples." % (len(exe), len(nat), len(alloc)))
w("")
w("Top Java frames (leaf < caller < caller), share of execution samples:")
w("")
w("| samples | % | frames |")
w("| --- | --- | --- |")
for name, count in top_frames(exe, 3).most_common(15):
    w("| %d | %.1f | `%s` |" % (count, 100.0 * count / max(1, len(exe)), name))
w("")
w("Threads in native code (a thread blocked in `epoll_wait` is idle):")
w("")
w("| samples | frames |")
w("| --- | --- |")
for name, count in top_frames(nat, 2).most_common(8):
    w("| %d | `%s` |" % (count, name))
w("")
weights = collections.Counter()
sites = collections.Counter()
for e in alloc:
    cls = e["values"]["objectClass"]["name"]
    weight = e["values"].get("weight", 0)
    weights[cls] += weight
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    site = next((frame_name(fr) for fr in frames if "edgecam" in fr["method"]["type"]["name"]), None)
    if site is None and frames:
        site = frame_name(frames[0])
    sites["%s in %s" % (cls.split(".")[-1], site)] += weight
total = sum(weights.values()) or 1
w("Allocation by class (sampled weight) and by the first edgecam frame on the stack:")
w("")
w("| MB | % | class |")
w("| --- | --- | --- |")
for cls, weight in weights.most_common(8):
    w("| %.1f | %.1f | `%s` |" % (weight / 1e6, 100.0 * weight / total, cls))
w("")
w("| MB | allocated where |")
w("| --- | --- |")
for site, weight in sites.most_common(8):
    w("| %.1f | `%s` |" % (weight / 1e6, site))
w("")

# --- CPU profile with kernel frames (async-profiler) ---------------------------------------------------------
def thread_kind(frames):
    joined = ";".join(frames)
    if "CaptureLoop" in joined:
        return "capture thread (drawing, encoding, waking the clients)"
    if "SingleThreadIoEventLoop" in joined or "EpollIoHandler" in joined or "NioIoHandler" in joined:
        return "event loops (serving)"
    if "CompileBroker" in joined:
        return "JIT compiler"
    if "G1" in joined or "GCTaskThread" in joined or "WorkerThread" in joined:
        return "garbage collector"
    return "other threads"


# What an event loop's sample was doing, by the first matching frame from the leaf up; kernel frames end in _[k].
LOOP_WORK = [("sendAddress", "kernel: sending to the socket (loopback delivers to the reader here too)"),
             ("writevAddresses", "kernel: sending to the socket (loopback delivers to the reader here too)"),
             ("epollWait", "waiting in epoll (idle, and the kernel's wake-up work)"),
             ("readAddress", "kernel: reading requests"), ("recvAddress", "kernel: reading requests"),
             ("SharedFrameBuffers.framed", "framing each frame once (copy into direct memory, part headers)"),
             ("FramePump", "FramePump: choosing the frame, and Netty's pipeline under its write (encoder, promise, timer)"),
             ("HttpObjectEncoder", "Netty HTTP encoder"), ("io/netty", "Netty elsewhere (write completions, flushes, tasks)")]


def loop_work(frames):
    joined = ";".join(frames)
    for marker, label in LOOP_WORK:
        if marker in joined:
            return label
    return "other Java code"


def share_table(what, share, counts):
    """A table of sample counts, most first, with each one's share of their sum."""
    total = sum(counts.values()) or 1
    w("| %s | samples | %s |" % (what, share))
    w("| --- | --- | --- |")
    for name, count in counts.most_common():
        w("| %s | %d | %.1f |" % (name, count, 100.0 * count / total))
    w("")


profile = os.path.join(results, "cpu-http-50.collapsed")
if os.path.exists(profile):
    kinds, work = collections.Counter(), collections.Counter()
    with open(profile) as f:
        for line in f:
            stack, _, count = line.rstrip().rpartition(" ")
            frames = stack.split(";")
            kind = thread_kind(frames)
            kinds[kind] += int(count)
            if kind == "event loops (serving)":
                work[loop_work(frames)] += int(count)
    w("## CPU profile of a 50-client HTTP run (async-profiler, kernel frames included)")
    w("")
    w("One CPU sample per millisecond of CPU time, every thread, Java, native and kernel frames, during a 50-client")
    w("HTTP run at %s (`%s-profiled-http-50` above; the profiler's own cost is in that run's figures). The flame graph" % (TARGET_SIZE, TARGET_SIZE))
    w("of the recorded run is `docs/benchmarks-raw/cpu-http-50.html` (open it in a browser; the raw stacks are")
    w("`target/bench/results/cpu-http-50.collapsed` after a run).")
    w("")
    share_table("threads", "% of all", kinds)
    w("What the event loops did:")
    w("")
    share_table("work", "% of the event loops", work)

with open(notes_path) as f:
    w(f.read().rstrip())
print("\n".join(out))
