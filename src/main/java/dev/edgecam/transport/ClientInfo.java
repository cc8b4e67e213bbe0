package dev.edgecam.transport;

import dev.edgecam.security.access.Cidr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected client as the status line, {@code /state} and {@code /metrics} see it. Counters are
 * written by the client's event loop and read from anywhere.
 */
public final class ClientInfo {

    private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

    private final TransportKind transport;
    private final String address;
    private final Instant since = Instant.now();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesSkipped = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile ClientMode mode = ClientMode.IDLE;
    private volatile Reception reception;

    // Frame rate over a rolling window: the count and time at the window's start, and the last finished rate.
    private long windowStartNanos = System.nanoTime();
    private long windowStartFrames;
    private double lastFps;

    /**
     * @param transport the transport serving this client
     * @param address the peer, as {@code host:port}
     */
    public ClientInfo(TransportKind transport, String address) {
        this.transport = transport;
        this.address = address;
    }

    /** A peer as logs and {@code /state} show it: {@code host:port}. */
    public static String address(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(peer);
    }

    /**
     * A peer's host alone, for what is counted or logged per address rather than per connection; an IPv4 peer on a
     * dual-stack socket ({@code ::ffff:a.b.c.d}) is named as IPv4, as the allow-lists and limits see it.
     */
    public static String host(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return Cidr.normalize(inet.getAddress()).getHostAddress();
        }
        return String.valueOf(peer);
    }

    public void frameSent(int bytes) {
        framesSent.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    public void framesSkipped(long count) {
        framesSkipped.addAndGet(count);
    }

    /**
     * What the client last said about its reception (RTP's RTCP receiver reports).
     *
     * @param fractionLost share of packets lost since its previous report, 0 to 1
     * @param cumulativeLost packets lost since it started
     * @param jitterMillis interarrival jitter
     */
    public record Reception(double fractionLost, long cumulativeLost, double jitterMillis) {
    }

    public void reception(Reception report) {
        this.reception = report;
    }

    /** The client's last reception report, or null when its transport has none (or none arrived yet). */
    public Reception reception() {
        return reception;
    }

    public void mode(ClientMode newMode) {
        this.mode = newMode;
    }

    public TransportKind transport() {
        return transport;
    }

    public String address() {
        return address;
    }

    public Instant since() {
        return since;
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long framesSkipped() {
        return framesSkipped.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public ClientMode mode() {
        return mode;
    }

    /** Frames per second sent to this client over the last couple of seconds. */
    public synchronized double fps() {
        long now = System.nanoTime();
        long elapsed = now - windowStartNanos;
        long sent = framesSent.get();
        if (elapsed >= RATE_WINDOW_NANOS) {
            lastFps = (sent - windowStartFrames) * 1e9 / elapsed;
            windowStartNanos = now;
            windowStartFrames = sent;
        }
        return lastFps;
    }

    @Override
    public String toString() {
        return transport.label() + " " + address;
    }
}
