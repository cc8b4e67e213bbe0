package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientMode;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.wire.rtp.Rtcp;
import dev.edgecam.wire.rtp.RtpClock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One RTSP session (RFC 2326 section 3): a client's SETUP of one camera's stream, its delivery, its state (ready or
 * playing) and its liveness. It is one viewer in the camera's {@code ClientRegistry} from SETUP to its end
 * (TEARDOWN, its connection closing, or {@link RtspOptions#sessionTimeout()} without a sign of life), with the
 * figures of its RTCP receiver reports.
 *
 * <p>Runs on the event loop of the connection that made it; {@link #touch()} and {@link #received} may come from
 * any thread.
 */
final class RtspSession {

    private final String id;
    private final ServedCamera camera;
    private final RtpStream stream;
    private final Channel connection;
    private final ClientInfo client;
    private final RtspOptions options;
    private RtpDelivery delivery;
    private boolean playing;
    private boolean closed;
    private ScheduledFuture<?> reports;
    private volatile long lastSeenNanos = System.nanoTime();

    RtspSession(String id, ServedCamera camera, RtpStream stream, Channel connection, RtspOptions options) {
        this.id = id;
        this.camera = camera;
        this.stream = stream;
        this.connection = connection;
        this.options = options;
        this.client = new ClientInfo(dev.edgecam.transport.TransportKind.RTSP,
                ClientInfo.address(connection.remoteAddress()));
    }

    String id() {
        return id;
    }

    ServedCamera camera() {
        return camera;
    }

    RtpStream stream() {
        return stream;
    }

    ClientInfo client() {
        return client;
    }

    Channel connection() {
        return connection;
    }

    RtpDelivery delivery() {
        return delivery;
    }

    boolean playing() {
        return playing;
    }

    /** The {@code Session} header: the id and the timeout a client must send keep-alives within. */
    String header() {
        return id + ";timeout=" + options.sessionTimeout().toSeconds();
    }

    /** The first SETUP: the client becomes a viewer of the camera. */
    void setUp(RtpDelivery chosen) {
        this.delivery = chosen;
        camera.clients().joined(client);
    }

    /** Starts or resumes sending, with a sender report at once and every {@link RtspOptions#reportInterval()}. */
    void play() {
        touch();
        if (playing || closed) {
            return;
        }
        playing = true;
        client.mode(ClientMode.STREAM);
        delivery.play();
        long every = options.reportInterval().toMillis();
        reports = connection.eventLoop().scheduleAtFixedRate(this::sendReport, 0, every, TimeUnit.MILLISECONDS);
    }

    void pause() {
        touch();
        if (!playing) {
            return;
        }
        playing = false;
        client.mode(ClientMode.IDLE);
        delivery.pause();
        cancelReports();
    }

    /**
     * A sender report mapping the stream's RTP clock to the wall clock now: since the RTP clock is a fixed function of
     * capture time ({@link RtpClock}), it maps every frame's timestamp to the time it was captured.
     */
    private void sendReport() {
        long nowMicros = dev.edgecam.source.Capture.nowEpochMicros();
        delivery.sendRtcp(Rtcp.senderReport(stream.ssrc(), nowMicros, stream.clock().timestamp(nowMicros),
                delivery.packetsSent(), delivery.payloadBytesSent(), "edgecam@" + camera.id()));
    }

    /**
     * RTP-Info of the first packet this client gets: the packets of the hub's cached keyframe, where its cursor will
     * start (packetized now if nobody took them yet). Without a cached keyframe only the URL is known.
     */
    String rtpInfo(String trackUrl) {
        String url = "url=" + trackUrl;
        GopHub.Subscriber probe = stream.hub().subscribe(frame -> { });
        Frame first = probe.next();
        probe.close();
        if (first == null) {
            return url;
        }
        ByteBuf packets = stream.packets(first);
        try {
            int seq = RtpStream.firstSequence(packets);
            return seq < 0 ? url : url + ";seq=" + seq + ";rtptime=" + RtpStream.timestamp(packets);
        } finally {
            packets.release();
        }
    }

    /** A sign of life: a request naming the session, RTCP from its client, or (over TCP) any byte. */
    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    boolean expired(long nowNanos) {
        return nowNanos - lastSeenNanos > options.sessionTimeout().toNanos();
    }

    /** An RTCP packet from the client: its receiver report about this stream goes to {@code /state}. */
    void received(ByteBuf rtcp) {
        touch();
        byte[] bytes = new byte[rtcp.readableBytes()];
        rtcp.getBytes(rtcp.readerIndex(), bytes);
        Rtcp.Compound compound;
        try {
            compound = Rtcp.parse(bytes, 0, bytes.length);
        } catch (IllegalArgumentException e) {
            return; // not RTCP: a client's keep-alive or junk; the touch is all it is worth
        }
        for (Rtcp.ReportBlock block : compound.reportBlocks()) {
            if (block.sourceSsrc() == stream.ssrc()) {
                client.reception(new ClientInfo.Reception(block.lostShare(), block.cumulativeLost(),
                        block.jitter() * 1000.0 / RtpClock.RATE_HZ));
            }
        }
    }

    /** Ends the session: sending stops, the viewer leaves with {@code reason}. Idempotent; on the event loop. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        playing = false;
        cancelReports();
        if (delivery != null) {
            delivery.close();
            camera.clients().left(client, reason);
        }
    }

    private void cancelReports() {
        if (reports != null) {
            reports.cancel(false);
            reports = null;
        }
    }
}
