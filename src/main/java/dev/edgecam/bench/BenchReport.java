package dev.edgecam.bench;

import dev.edgecam.bench.Percentiles.Spread;
import java.util.List;
import java.util.Map;

/**
 * The figures of one benchmark run. Times are in milliseconds unless the name says otherwise; a figure that
 * could not be measured is {@code NaN} (or -1 for counts) and prints as {@code n/a}.
 *
 * @param targets the targets, as given
 * @param clients connections asked for
 * @param windowSeconds the measurement window's actual length
 * @param groups one per transport, plus "all" when the run mixed transports
 * @param server the server's CPU and memory, or {@code null} when it was not local
 * @param loadGenerator this process's own CPU over the window, to show it cost far less than the server
 * @param failures why connections ended early or never started, with how many ended so
 * @param publishedFps frames per second the server published in the window, from its {@code /state}, of the rendition
 *     the clients take (H.264 when every target is RTSP or WebSocket, else JPEG); NaN without
 */
public record BenchReport(List<String> targets, int clients, double windowSeconds, List<Group> groups,
                          Server server, Cpu loadGenerator, Map<String, Integer> failures, double publishedFps) {

    /**
     * The clients of one transport.
     *
     * @param transport tcp, http or all
     * @param clients connections of this transport
     * @param receiving connections that got at least one frame
     * @param fps frames per second per client over the window
     * @param frames frames received in the window, all clients together
     * @param skipped frames skipped by sequence gaps in the window, or -1 when the protocol carries no sequence
     * @param serverSkipped frames the server says it skipped for these clients in the window ({@code /state}), or -1
     * @param latencyP50 capture-to-receive latency, or NaN when the protocol carries no capture time
     * @param bytesPerSecond bytes received per second, all clients together
     * @param firstFrame time from starting to connect to the first whole frame, per client
     * @param connect time from starting to connect until the connection was up, per client (the part of
     *     {@code firstFrame} spent in TCP's handshake and the server's accept queue)
     * @param lostPackets RTP packets lost (sequence gaps) in the window, all clients together; -1 when not RTP
     * @param firstKeyframe RTSP: time from PLAY to the first packet of a keyframe (IDR), per client; NaN when not RTSP
     * @param unmappedLatencies RTSP: frames whose capture time by the sender reports' clock came after their arrival
     *     (a sender whose clock is not this machine's), so no latency was counted; 0 when not RTSP
     */
    public record Group(String transport, int clients, int receiving, Spread fps, long frames, long skipped,
                        long serverSkipped,
                        double latencyP50, double latencyP95, double latencyP99, double bytesPerSecond,
                        Spread firstFrame, Spread connect, long lostPackets, Spread firstKeyframe, long unmappedLatencies) {

        /** A group of a protocol without RTP: no loss, keyframe or clock-mapping figures. */
        public Group(String transport, int clients, int receiving, Spread fps, long frames, long skipped, long serverSkipped,
                     double latencyP50, double latencyP95, double latencyP99, double bytesPerSecond, Spread firstFrame,
                     Spread connect) {
            this(transport, clients, receiving, fps, frames, skipped, serverSkipped, latencyP50, latencyP95, latencyP99,
                    bytesPerSecond, firstFrame, connect, -1, Spread.of(new double[0]), 0);
        }

        /** Whether the group's clients spoke RTP (RTSP), so loss and keyframe figures mean something. */
        public boolean isRtp() {
            return lostPackets >= 0;
        }
    }

    /**
     * A process's CPU use over the window.
     *
     * @param percentOfCore CPU time over wall time, in percent of one core
     * @param microsPerFrame CPU time per frame received by all clients together, in microseconds
     */
    public record Cpu(double percentOfCore, double microsPerFrame) {
    }

    /**
     * The local server's costs over the window.
     *
     * @param total all its threads
     * @param serving all but the capture thread: what serving clients costs, encoding excluded
     * @param capture the capture thread (drawing or grabbing, and JPEG encoding), per frame delivered
     * @param gcPercentOfCpu its garbage collector's threads, in percent of its CPU time
     * @param jitPercentOfCpu its JIT compiler's threads, in percent of its CPU time (high while the JVM is still
     *     compiling the code a new load runs: a sign the warm-up was too short)
     */
    public record Server(long pid, Cpu total, Cpu serving, Cpu capture, double gcPercentOfCpu, double jitPercentOfCpu,
                         long rssKb,
                         long peakRssKb) {
    }

    /** The "all" group, or the only group. */
    public Group overall() {
        return groups.get(groups.size() - 1);
    }
}
