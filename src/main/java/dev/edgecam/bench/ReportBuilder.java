package dev.edgecam.bench;

import dev.edgecam.bench.BenchReport.Cpu;
import dev.edgecam.bench.BenchReport.Group;
import dev.edgecam.bench.BenchReport.Server;
import dev.edgecam.bench.Percentiles.Spread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns what the connections and the process probes measured into a {@link BenchReport}. */
final class ReportBuilder {

    private ReportBuilder() {
    }

    /**
     * @param serverBefore the server's counters when the window opened, or null when it is not local
     * @param selfBefore this process's counters when the window opened, or null when they could not be read
     */
    static BenchReport build(BenchConfig config, List<ClientProbe> probes, double windowSeconds,
                             ProcessProbe.Sample serverBefore, ProcessProbe.Sample serverAfter, long serverPid,
                             ProcessProbe.Sample selfBefore, ProcessProbe.Sample selfAfter,
                             ServerState.Snapshot stateBefore, ServerState.Snapshot stateAfter) {
        List<Group> groups = new ArrayList<>();
        List<String> transports = probes.stream().map(p -> p.target.transport().label()).distinct().sorted().toList();
        for (String transport : transports) {
            groups.add(group(transport, probes.stream().filter(p -> p.target.transport().label().equals(transport)).toList(),
                    windowSeconds, stateBefore, stateAfter));
        }
        if (transports.size() != 1) {
            groups.add(group("all", probes, windowSeconds, stateBefore, stateAfter));
        }
        long frames = probes.stream().mapToLong(ClientProbe::framesInWindow).sum();
        Server server = serverBefore == null || serverAfter == null ? null
                : server(serverPid, serverBefore, serverAfter, frames);
        Cpu self = selfBefore == null || selfAfter == null ? null
                : cpu(selfAfter.cpuTicks() - selfBefore.cpuTicks(), selfBefore, selfAfter, frames);
        Map<String, Integer> failures = new TreeMap<>(); // mutable: the generator adds /state failures
        for (ClientProbe probe : probes) {
            if (probe.failure() != null) {
                failures.merge(probe.failure(), 1, Integer::sum);
            }
        }
        List<String> targets = config.targets().stream().map(BenchTarget::toString).toList();
        boolean h264Only = config.targets().stream().allMatch(t -> t.transport().isRtsp() || t.transport().isWebSocket());
        return new BenchReport(targets, config.clients(), windowSeconds, groups, server, self, failures,
                publishedFps(stateBefore, stateAfter, h264Only));
    }

    /**
     * Frames per second the server published in the window of the rendition the clients take: its H.264 when every
     * target is RTSP or WebSocket, else its JPEGs. NaN without both readings, or without an H.264 count (a server
     * from before it was counted apart).
     */
    static double publishedFps(ServerState.Snapshot before, ServerState.Snapshot after, boolean h264) {
        if (before == null || after == null || after.nanoTime() == before.nanoTime()
                || (h264 && (before.h264FramesPublished() < 0 || after.h264FramesPublished() < 0))) {
            return Double.NaN;
        }
        long frames = h264 ? after.h264FramesPublished() - before.h264FramesPublished()
                : after.framesPublished() - before.framesPublished();
        return frames * 1e9 / (after.nanoTime() - before.nanoTime());
    }

    static Group group(String transport, List<ClientProbe> probes, double windowSeconds,
                       ServerState.Snapshot stateBefore, ServerState.Snapshot stateAfter) {
        double[] fps = probes.stream().mapToDouble(p -> windowSeconds > 0 ? p.framesInWindow() / windowSeconds : 0).toArray();
        double[] firstFrame = probes.stream().filter(ClientProbe::gotFirstFrame)
                .mapToDouble(ClientProbe::timeToFirstFrameMillis).toArray();
        double[] connect = probes.stream().mapToDouble(ClientProbe::connectMillis).filter(m -> !Double.isNaN(m)).toArray();
        long frames = probes.stream().mapToLong(ClientProbe::framesInWindow).sum();
        long bytes = probes.stream().mapToLong(ClientProbe::bytesInWindow).sum();
        boolean sequenced = probes.stream().anyMatch(p -> p.skippedInWindow() >= 0);
        long skipped = sequenced ? probes.stream().mapToLong(p -> Math.max(0, p.skippedInWindow())).sum() : -1;
        double[] latencies = latenciesMillis(probes);
        int receiving = (int) probes.stream().filter(ClientProbe::gotFirstFrame).count();
        boolean rtp = probes.stream().anyMatch(p -> p.lostInWindow() >= 0);
        long lost = rtp ? probes.stream().mapToLong(p -> Math.max(0, p.lostInWindow())).sum() : -1;
        double[] keyframe = probes.stream().mapToDouble(ClientProbe::keyframeAfterPlayMillis).filter(m -> !Double.isNaN(m)).toArray();
        return new Group(transport, probes.size(), receiving, Spread.of(fps), frames, skipped,
                serverSkipped(probes, stateBefore, stateAfter),
                Percentiles.of(latencies, 50), Percentiles.of(latencies, 95), Percentiles.of(latencies, 99),
                windowSeconds > 0 ? bytes / windowSeconds : Double.NaN, Spread.of(firstFrame),
                Spread.of(connect), lost, Spread.of(keyframe), probes.stream().mapToLong(ClientProbe::negativeLatencies).sum());
    }

    /** What the server's {@code /state} says these clients skipped between the two readings; -1 without them. */
    static long serverSkipped(List<ClientProbe> probes, ServerState.Snapshot before, ServerState.Snapshot after) {
        if (before == null || after == null) {
            return -1;
        }
        long skipped = 0;
        for (ClientProbe probe : probes) {
            Long end = probe.localAddress() == null ? null : after.skippedByAddress().get(probe.localAddress());
            if (end != null) {
                skipped += end - before.skippedByAddress().getOrDefault(probe.localAddress(), 0L);
            }
        }
        return skipped;
    }

    /** Every client's latency samples together, sorted, in milliseconds. */
    private static double[] latenciesMillis(List<ClientProbe> probes) {
        long[] all = new long[probes.stream().mapToInt(p -> p.latencies().size()).sum()];
        int offset = 0;
        for (ClientProbe probe : probes) {
            offset = probe.latencies().copyTo(all, offset);
        }
        Arrays.sort(all);
        double[] millis = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            millis[i] = all[i] / 1000.0;
        }
        return millis;
    }

    private static Server server(long pid, ProcessProbe.Sample before, ProcessProbe.Sample after, long frames) {
        long total = after.cpuTicks() - before.cpuTicks();
        long capture = after.ticksSince(before, ProcessProbe.Role.CAPTURE);
        return new Server(pid, cpu(total, before, after, frames), cpu(total - capture, before, after, frames),
                cpu(capture, before, after, frames),
                percent(after.ticksSince(before, ProcessProbe.Role.GC), total),
                percent(after.ticksSince(before, ProcessProbe.Role.JIT), total),
                after.rssKb(), after.peakRssKb());
    }

    private static Cpu cpu(long ticks, ProcessProbe.Sample before, ProcessProbe.Sample after, long frames) {
        double cpuSeconds = (double) ticks / ProcessProbe.TICKS_PER_SECOND;
        double wallSeconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        return new Cpu(wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : Double.NaN,
                frames > 0 ? cpuSeconds * 1e6 / frames : Double.NaN);
    }

    private static double percent(long part, long whole) {
        return whole > 0 ? 100.0 * part / whole : Double.NaN;
    }
}
