package dev.edgecam.transport;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every client of every transport, for logs, {@code /state} and {@code /metrics}. */
public final class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    /** Joins and leaves from one address are logged one by one for a few connections a minute, then counted. */
    static final long JOIN_LOG_WINDOW_MILLIS = 60_000;

    private final JoinLeaveLog joinLeaveLog = new JoinLeaveLog(log, JOIN_LOG_WINDOW_MILLIS, System::nanoTime);

    private final Set<ClientInfo> clients = ConcurrentHashMap.newKeySet();
    // Counts of clients that have left, so totals do not fall when someone disconnects.
    private final LongAdder departedFramesSent = new LongAdder();
    private final LongAdder departedFramesSkipped = new LongAdder();
    private final LongAdder departedBytesSent = new LongAdder();

    public void joined(ClientInfo client) {
        clients.add(client);
        if (joinLeaveLog.shouldLog(label(client), host(client), true)) {
            log.info("{}: client joined (now {}): {}", label(client), count(client.transport()), client.address());
        }
    }

    public void left(ClientInfo client, String reason) {
        if (clients.remove(client)) {
            departedFramesSent.add(client.framesSent());
            departedFramesSkipped.add(client.framesSkipped());
            departedBytesSent.add(client.bytesSent());
            if (joinLeaveLog.shouldLog(label(client), host(client), false)) {
                log.info("{}: client left (now {}): {} ({}; {} frames sent, {} skipped)", label(client),
                        count(client.transport()), client.address(), reason, client.framesSent(), client.framesSkipped());
            }
        }
    }

    public List<ClientInfo> clients() {
        return List.copyOf(clients);
    }

    public int count() {
        return clients.size();
    }

    public int count(TransportKind transport) {
        return (int) clients.stream().filter(c -> c.transport() == transport).count();
    }

    /** Clients per transport, every transport listed (0 when it has none), in {@link TransportKind} order. */
    public Map<TransportKind, Integer> countByTransport() {
        Map<TransportKind, Integer> counts = new EnumMap<>(TransportKind.class);
        for (TransportKind transport : TransportKind.values()) {
            counts.put(transport, count(transport));
        }
        return counts;
    }

    /** Frames sent to all clients since start, including clients that have left. */
    public long totalFramesSent() {
        return departedFramesSent.sum() + clients.stream().mapToLong(ClientInfo::framesSent).sum();
    }

    /** Frames skipped by slow clients since start, including clients that have left. */
    public long totalFramesSkipped() {
        return departedFramesSkipped.sum() + clients.stream().mapToLong(ClientInfo::framesSkipped).sum();
    }

    /** Bytes of frames sent to all clients since start, including clients that have left. */
    public long totalBytesSent() {
        return departedBytesSent.sum() + clients.stream().mapToLong(ClientInfo::bytesSent).sum();
    }

    /** The address without its port ({@code host:port}, IPv6 hosts included). */
    private static String host(ClientInfo client) {
        String address = client.address();
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }

    private static String label(ClientInfo client) {
        return client.transport().logStage();
    }
}
