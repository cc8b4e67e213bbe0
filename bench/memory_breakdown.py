#!/usr/bin/env python3
"""Where a running edgecam server's resident memory (RSS) goes, as JSON on stdout.

    python3 bench/memory_breakdown.py PID

Reads /proc/PID/smaps (resident kB of every mapping) and asks the JVM (jcmd) for the address ranges of its heap
and code cache, then sums the resident memory by what it is: the Java heap, the code cache, the JVM's own library,
the class-data-sharing archive, each native library family (OpenCV, OpenBLAS, FFmpeg, the rest), and the other
anonymous memory (metaspace, malloc by the JVM and by the native libraries, thread stacks, direct buffers).
When the JVM runs with -XX:NativeMemoryTracking=summary it adds the JVM's own committed figures by category,
which split that last group further (native libraries' malloc is not tracked by the JVM: it is the remainder).
"""
import json
import re
import subprocess
import sys

# Mapped files by family: first match wins. Names as JavaCPP unpacks them to ~/.javacpp/cache.
LIBRARY_FAMILIES = [
    ("JVM library (libjvm.so)", re.compile(r"/libjvm\.so$")),
    ("class-data-sharing archive (classes.jsa)", re.compile(r"\.jsa$")),
    ("JDK class modules (lib/modules)", re.compile(r"/lib/modules$")),
    ("OpenCV", re.compile(r"/lib(jni)?opencv_")),
    ("OpenBLAS (with gfortran, quadmath)", re.compile(r"/lib(jni)?(openblas|gfortran|quadmath)")),
    ("FFmpeg", re.compile(r"/lib(jni)?(avcodec|avformat|avutil|avdevice|avfilter|swscale|swresample|postproc)")),
]
OTHER_FILES = "other mapped files (libc, libstdc++, JDK and Netty natives, JavaCPP, locale)"
HEAP = "Java heap"
CODE = "code cache (compiled code)"
OTHER_ANON = "other anonymous memory (metaspace, malloc, thread stacks, direct buffers)"

MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$")


def mappings(pid):
    """(start, end, name, rss kB) of every mapping."""
    result, current = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            match = MAPPING.match(line)
            if match:
                current = [int(match.group(1), 16), int(match.group(2), 16), match.group(3).strip(), 0]
                result.append(current)
            elif line.startswith("Rss:"):
                current[3] = int(line.split()[1])
    return result


def jcmd(pid, *command):
    """The output of one jcmd command, or "" when the JVM does not answer (not a HotSpot JVM, another user)."""
    try:
        return subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def heap_range(pid):
    """[start, end) of the reserved Java heap: the lowest and highest address GC.heap_info lists (any collector)."""
    text = jcmd(pid, "GC.heap_info").split("Metaspace")[0]
    addresses = [int(a, 16) for a in re.findall(r"0x([0-9a-f]{8,16})", text)]
    return (min(addresses), max(addresses)) if addresses else None


def code_cache_range(pid):
    """[start, end) of the code cache, from the first and last address of each 'bounds [low, high, reserved]'."""
    bounds = re.findall(r"bounds \[0x([0-9a-f]+), 0x[0-9a-f]+, 0x([0-9a-f]+)\]", jcmd(pid, "Compiler.codecache"))
    if not bounds:
        return None
    return min(int(low, 16) for low, _ in bounds), max(int(high, 16) for _, high in bounds)


def native_memory(pid):
    """NMT's committed kB per JVM category, when the JVM tracks its native memory; else None."""
    text = jcmd(pid, "VM.native_memory", "summary")
    categories = {name.strip(): int(kb) for name, kb in
                  re.findall(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", text, re.M)}
    return categories or None


def inside(mapping, span):
    return span is not None and span[0] <= mapping[0] and mapping[1] <= span[1]


def breakdown(pid):
    heap, code = heap_range(pid), code_cache_range(pid)
    groups = {name: 0 for name, _ in LIBRARY_FAMILIES}
    groups.update({OTHER_FILES: 0, HEAP: 0, CODE: 0, OTHER_ANON: 0})
    for mapping in mappings(pid):
        name, rss = mapping[2], mapping[3]
        if inside(mapping, heap):
            group = HEAP
        elif inside(mapping, code):
            group = CODE
        elif name.startswith("/"):
            group = next((family for family, pattern in LIBRARY_FAMILIES if pattern.search(name)), OTHER_FILES)
        else:  # anonymous, [heap] (malloc's main arena), [stack], [vdso] and the like
            group = OTHER_ANON
        groups[group] += rss
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    result = {
        "pid": pid,
        "rssKb": int(fields["VmRSS"].split()[0]),
        "peakRssKb": int(fields["VmHWM"].split()[0]),
        "threads": int(fields["Threads"]),
        "groupsKb": groups,
    }
    nmt = native_memory(pid)
    if nmt:
        result["nativeMemoryTrackingCommittedKb"] = nmt
    return result


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: memory_breakdown.py PID (a running JVM on this machine)")
    print(json.dumps(breakdown(int(sys.argv[1])), indent=1))
