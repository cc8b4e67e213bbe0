package dev.edgecam.bench;

import java.util.concurrent.CountDownLatch;

/**
 * What one benchmark connection measured. Written only by that connection's event loop; read by the
 * generator after the connection's channel is closed (the close future orders the two).
 */
final class ClientProbe {

    /** Latency samples kept per client: an hour at 240 fps. */
    static final int MAX_LATENCY_SAMPLES = 864_000;

    final BenchTarget target;
    private final MeasureWindow window;
    private final CountDownLatch settled;
    private final long connectStartedNanos;
    private boolean hasSettled;
    private long connectedNanos;
    private volatile String localAddress;
    private long firstFrameNanos;
    private long framesTotal;
    private long framesInWindow;
    private long bytesInWindow;
    private long skippedInWindow;
    private boolean sequenced;
    private long lastSequence = -1;
    private final SampleBuffer latencyMicros = new SampleBuffer(MAX_LATENCY_SAMPLES);
    private String failure;
    private boolean rtp;
    private long lostInWindow;
    private long negativeLatencies;
    private long playNanos;
    private long firstKeyframeNanos;

    /**
     * @param settled counted down once, at this client's first frame or at its failure, whichever comes first
     */
    ClientProbe(BenchTarget target, MeasureWindow window, CountDownLatch settled, long connectStartedNanos) {
        this.target = target;
        this.window = window;
        this.settled = settled;
        this.connectStartedNanos = connectStartedNanos;
    }

    /**
     * The TCP connection is up (the server accepted it).
     *
     * @param localAddress this end's {@code host:port}, as the server lists the client in {@code /state}
     */
    void connected(long nowNanos, String localAddress) {
        connectedNanos = nowNanos;
        this.localAddress = localAddress;
    }

    /** This end's {@code host:port} once connected, else null. Read after the run. */
    String localAddress() {
        return localAddress;
    }

    /** Milliseconds from starting to connect until the connection was up, or NaN if it never was. */
    double connectMillis() {
        return connectedNanos == 0 ? Double.NaN : (connectedNanos - connectStartedNanos) / 1e6;
    }

    /** Bytes that arrived from the server (headers and payload). */
    void bytesReceived(long nowNanos, int count) {
        if (window.contains(nowNanos)) {
            bytesInWindow += count;
        }
    }

    /**
     * One whole frame arrived.
     *
     * @param sequence the server's sequence number, or -1 when the protocol carries none
     * @param latencyMicros capture-to-receive time, or -1 when the protocol carries no capture time
     */
    void frameReceived(long nowNanos, long sequence, long latencyMicros) {
        framesTotal++;
        if (firstFrameNanos == 0) {
            firstFrameNanos = nowNanos;
            settle();
        }
        boolean counts = window.contains(nowNanos);
        if (sequence >= 0) {
            sequenced = true;
            if (counts && lastSequence >= 0 && sequence > lastSequence + 1) {
                skippedInWindow += sequence - lastSequence - 1;
            }
            lastSequence = sequence;
        }
        if (counts) {
            framesInWindow++;
            if (latencyMicros >= 0) {
                this.latencyMicros.add(latencyMicros);
            }
        }
    }

    /** RTSP: PLAY was sent; the clock of {@link #keyframeAfterPlayMillis()} starts. */
    void playing(long nowNanos) {
        rtp = true;
        playNanos = nowNanos;
    }

    /** RTSP: the first packet of an IDR picture arrived. */
    void firstKeyframe(long nowNanos) {
        if (firstKeyframeNanos == 0) {
            firstKeyframeNanos = nowNanos;
        }
    }

    /** RTP: {@code count} packets never came (a sequence gap). */
    void packetsLost(long nowNanos, long count) {
        if (window.contains(nowNanos)) {
            lostInWindow += count;
        }
    }

    /**
     * RTP: a frame whose capture time, by the sender report's clock, is after its arrival: the sender's clock is
     * not this machine's (GStreamer's reports use its own pipeline clock), so no latency can be computed.
     */
    void negativeLatency() {
        negativeLatencies++;
    }

    /** Milliseconds from PLAY to the first keyframe's first packet, or NaN (not RTSP, or none came). */
    double keyframeAfterPlayMillis() {
        return playNanos == 0 || firstKeyframeNanos == 0 ? Double.NaN : (firstKeyframeNanos - playNanos) / 1e6;
    }

    /** RTP packets lost within the window, or -1 when the protocol is not RTP. */
    long lostInWindow() {
        return rtp ? lostInWindow : -1;
    }

    long negativeLatencies() {
        return negativeLatencies;
    }

    /** Records why the connection ended early; the first reason wins. */
    void failed(String reason) {
        if (failure == null) {
            failure = reason;
        }
        settle();
    }

    private void settle() {
        if (!hasSettled) {
            hasSettled = true;
            settled.countDown();
        }
    }

    boolean gotFirstFrame() {
        return firstFrameNanos != 0;
    }

    /** Milliseconds from starting to connect to the end of the first frame, or NaN if none came. */
    double timeToFirstFrameMillis() {
        return firstFrameNanos == 0 ? Double.NaN : (firstFrameNanos - connectStartedNanos) / 1e6;
    }

    long framesTotal() {
        return framesTotal;
    }

    long framesInWindow() {
        return framesInWindow;
    }

    long bytesInWindow() {
        return bytesInWindow;
    }

    /** Frames skipped within the window by sequence gaps, or -1 when the protocol carries no sequence. */
    long skippedInWindow() {
        return sequenced ? skippedInWindow : -1;
    }

    SampleBuffer latencies() {
        return latencyMicros;
    }

    String failure() {
        return failure;
    }
}
