package dev.edgecam.transport.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every RTSP session of the server, by id and, for UDP clients, by the address their RTCP comes from; ends those
 * that have shown no sign of life for the session timeout. UDP datagrams from an address without a session are
 * ignored.
 */
final class RtspSessions implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, RtspSession> byId = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, RtspSession> byRtcpSource = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweep;

    RtspSessions(EventExecutor timer, RtspOptions options) {
        long every = Math.max(250, options.sessionTimeout().toMillis() / 4);
        sweep = timer.scheduleAtFixedRate(this::expire, every, every, TimeUnit.MILLISECONDS);
    }

    /** A new session id: 16 random hex digits (RFC 2326 wants it hard to guess). */
    static String newId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().withUpperCase().formatHex(id);
    }

    void add(RtspSession session) {
        byId.put(session.id(), session);
    }

    void udpClient(RtspSession session, InetSocketAddress rtcpSource) {
        byRtcpSource.put(rtcpSource, session);
    }

    RtspSession get(String id) {
        return id == null ? null : byId.get(id);
    }

    List<RtspSession> all() {
        return List.copyOf(byId.values());
    }

    /** Ends {@code session} on its connection's event loop and forgets it. */
    void end(RtspSession session, String reason) {
        byId.remove(session.id(), session);
        byRtcpSource.values().removeIf(s -> s == session);
        if (session.connection().eventLoop().inEventLoop()) {
            session.close(reason);
        } else {
            session.connection().eventLoop().execute(() -> session.close(reason));
        }
    }

    /** An RTCP datagram: from a session's client, it counts as a sign of life and its report is kept. */
    void rtcpFrom(InetSocketAddress sender, ByteBuf packet) {
        RtspSession session = byRtcpSource.get(sender);
        if (session != null) {
            session.received(packet);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (RtspSession session : byId.values()) {
            if (session.expired(now)) {
                end(session, "session timed out: no keep-alive for " + session.header().split("=")[1] + " s");
                if (session.delivery() instanceof TcpInterleavedDelivery) {
                    session.connection().close(); // its RTP went over this connection: nothing is left to it
                }
            }
        }
    }

    /** Ends every session; for the server's close. */
    @Override
    public void close() {
        sweep.cancel(false);
        for (RtspSession session : all()) {
            end(session, "server closing");
        }
    }
}
