#!/usr/bin/env python3
"""Prints a process's CPU time over its whole life so far, by what its threads do, as JSON.

Usage: thread_roles.py PID

The roles are those of `edgecam bench` (bench/ProcessProbe.java, role(): keep the two in step): the capture thread,
the garbage collector's threads and the JIT compiler's threads; "total" is the whole process, threads that have
ended included (their time is in no role). bench/run.sh reads
it just before stopping the server, for the GC and JIT shares of the whole matrix.
"""
import json
import os
import sys

pid = sys.argv[1]
TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(path):
    with open(path) as f:
        stat = f.read()
    return stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()


def role(name):
    if name == "edgecam-capture":
        return "capture"
    if name.startswith("GC Thread") or name.startswith("G1 "):
        return "gc"
    if name.startswith("C1 CompilerThre") or name.startswith("C2 CompilerThre"):
        return "jit"
    return "other"


seconds = {"capture": 0.0, "gc": 0.0, "jit": 0.0, "other": 0.0}
for tid in os.listdir("/proc/%s/task" % pid):
    try:
        name, fields = stat_fields("/proc/%s/task/%s/stat" % (pid, tid))
    except OSError:
        continue  # the thread ended while we read
    seconds[role(name)] += (int(fields[11]) + int(fields[12])) / TICKS
_, fields = stat_fields("/proc/%s/stat" % pid)
total = (int(fields[11]) + int(fields[12])) / TICKS
print(json.dumps({"totalSeconds": total, "secondsByRole": seconds,
                  "uptimeSeconds": float(open("/proc/uptime").read().split()[0]) - int(fields[19]) / TICKS}))
