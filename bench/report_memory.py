"""The memory section of docs/benchmarks.md, from what bench/memory.sh leaves in the results directory."""
import json
import os

SOURCES = [("test", "test pattern"), ("file", "H.264 file")]
STEPS = [("idle", "idle (nobody watching)"), ("tcp-50", "50 viewers, TCP"), ("http-50", "50 viewers, HTTP")]
TARGET_MIB = 96
# NMT categories that matter here, in the order of the table; the rest are summed as "the JVM's other".
NMT_ROWS = [("Java Heap", "Java heap"), ("Metaspace", "metaspace (class metadata)"),
            ("Class", "class space"), ("Symbol", "symbols (class, method and field names)"),
            ("Shared class space", "class-data-sharing archive"), ("Code", "code cache and compiler"),
            ("Thread", "thread stacks"), ("Other", "direct buffers (frames on their way to the kernel)"),
            ("Native Memory Tracking", "the tracking itself")]


def _load(results, name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.load(f)


def _machine(results):
    path = os.path.join(results, "memory-machine.txt")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return dict(line.rstrip("\n").partition("=")[::2] for line in f if "=" in line)


def _mib(kb):
    return "n/a" if kb is None else "%.0f" % (kb / 1024)


def write(results, w):
    """Writes the section through w (one line per call); writes nothing when bench/memory.sh did not run."""
    if not any(_load(results, "memory-%s-idle" % s) for s, _ in SOURCES):
        return
    w("## Memory at 50 viewers (issue 10: <= %d MiB resident)" % TARGET_MIB)
    w("")
    w("Resident memory (RSS) of the server as `./edgecam serve` starts it, with the launcher's default JVM options and")
    w("environment and nothing else, at 1280x720, 30 fps, quality 80 (`bench/memory.sh`, a fresh server per source).")
    w("The file is a 20 s H.264 clip at 1280x720 and 30 fps (FFmpeg's `testsrc2`), decoded and re-encoded to JPEG as")
    w("a camera recording would be. RSS is read at the end of each run's window; peak is the highest it reached so far.")
    machine = _machine(results)
    if machine:
        w("Measured %s, load average %s before and %s after (other work slows frame rates, hardly memory);"
          " the JVM ran as `%s`%s." % (machine.get("date", "?"), machine.get("load_before", "?"),
                                       machine.get("load_after", "?"), machine.get("command", "?").strip(),
                                       " with " + machine["environment"].strip() if machine.get("environment", "").strip() else ""))
    w("")
    w("| source | step | RSS MiB | peak MiB | fps min/median | server published fps | GC % | server us/frame | threads |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    verdicts = []
    for source, label in SOURCES:
        idle = _load(results, "memory-%s-idle" % source)
        if idle:
            w("| %s | idle | %s | %s | | | | | %d |" % (label, _mib(idle["rssKb"]), _mib(idle["peakRssKb"]), idle["threads"]))
        for step, step_label in STEPS[1:]:
            run = _load(results, "memory-%s-%s" % (source, step))
            after = _load(results, "memory-%s-%s-breakdown" % (source, step))
            if not run or not run.get("server"):
                w("| %s | %s | the run failed | | | | | | |" % (label, step_label))
                continue
            server, group = run["server"], run["groups"][-1]
            w("| %s | %s | %s | %s | %.1f/%.1f | %s | %.2f | %.1f | %s |" % (
                label, step_label, _mib(server["rssKb"]), _mib(server["peakRssKb"]), group["fps"]["min"] or 0,
                group["fps"]["median"] or 0, "%.1f" % run["publishedFps"] if run.get("publishedFps") else "n/a",
                server["gcPercentOfCpu"] or 0, server["total"]["microsPerFrame"] or 0,
                after["threads"] if after else ""))
            verdicts.append((label, step_label, server["peakRssKb"], group["fps"]["min"], server["gcPercentOfCpu"]))
    w("")
    if verdicts:
        w("Target: peak RSS <= %d MiB at 50 viewers, every viewer >= 29.5 fps, GC under 2%% (this run's verdicts;"
          " frame rates depend on the load average above):" % TARGET_MIB)
        w("")
    for _, label in SOURCES:
        runs = [v for v in verdicts if v[0] == label]
        if not runs:
            continue
        peak = max(v[2] for v in runs)
        slowest = min((v[3] for v in runs if v[3] is not None), default=None)
        gc = max((v[4] for v in runs if v[4] is not None), default=None)
        ok = peak / 1024 <= TARGET_MIB and slowest is not None and slowest >= 29.5 and gc is not None and gc < 2
        w("- %s: peak %s MiB, slowest viewer %.1f fps, GC at most %.2f%% of the server's CPU: %s" % (
            label, _mib(peak), slowest or 0, gc or 0, "PASS" if ok else "**MISS**"))
    if verdicts:
        w("")
    _breakdown(results, w)


def _breakdown(results, w):
    columns = [(label, _load(results, "memory-%s-http-50-breakdown" % source)) for source, label in SOURCES]
    columns = [(label, b) for label, b in columns if b]
    if not columns:
        return
    w("Where it goes, after the 50 HTTP viewers (`bench/memory_breakdown.py`: resident kB of every mapping in")
    w("`/proc/PID/smaps`, the Java heap and code cache found by their address ranges from `jcmd`), MiB:")
    w("")
    w("| | %s |" % " | ".join(label for label, _ in columns))
    w("| --- |" + " --- |" * len(columns))
    for group in columns[0][1]["groupsKb"]:
        w("| %s | %s |" % (group, " | ".join(_mib(b["groupsKb"].get(group)) for _, b in columns)))
    w("| **total RSS** | %s |" % " | ".join(_mib(b["rssKb"]) for _, b in columns))
    w("")
    nmt = [(label, _load(results, "memory-%s-nmt" % source)) for source, label in SOURCES]
    nmt = [(label, b["nativeMemoryTrackingCommittedKb"]) for label, b in nmt
           if b and b.get("nativeMemoryTrackingCommittedKb")]
    if not nmt:
        return
    w("The JVM's own account (a second server per source with `-XX:NativeMemoryTracking=summary`, read during a")
    w("50-viewer HTTP run), committed MiB: memory the JVM has claimed, not all of it touched (the heap counts in full")
    w("here, against what the table above finds resident). Memory that native libraries (OpenCV, FFmpeg, OpenBLAS)")
    w("allocate with malloc is not in it: that is the rest of the anonymous memory above.")
    w("")
    w("| | %s |" % " | ".join(label for label, _ in nmt))
    w("| --- |" + " --- |" * len(nmt))
    named = {category for category, _ in NMT_ROWS}
    for category, label in NMT_ROWS:
        w("| %s | %s |" % (label, " | ".join(_mib(n.get(category)) for _, n in nmt)))
    w("| the JVM's other (GC, compiler, internal, modules, ...) | %s |" % " | ".join(
        _mib(sum(kb for c, kb in n.items() if c not in named)) for _, n in nmt))
    w("| **total committed** | %s |" % " | ".join(_mib(sum(n.values())) for _, n in nmt))
    w("")
