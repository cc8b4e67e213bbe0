package dev.edgecam.transport;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every client of every transport, for logs, {@code /state} and {@code /metrics}. */
public final class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    private final Set<ClientInfo> clients = ConcurrentHashMap.newKeySet();
    // Counts of clients that have left, so totals do not fall when someone disconnects.
    private final LongAdder departedFramesSent = new LongAdder();
    private final LongAdder departedFramesSkipped = new LongAdder();
    private final LongAdder departedBytesSent = new LongAdder();

    public void joined(ClientInfo client) {
        clients.add(client);
        log.info("{}: client joined (now {}): {}", label(client), count(client.transport()), client.address());
    }

    public void left(ClientInfo client, String reason) {
        if (clients.remove(client)) {
            departedFramesSent.add(client.framesSent());
            departedFramesSkipped.add(client.framesSkipped());
            departedBytesSent.add(client.bytesSent());
            log.info("{}: client left (now {}): {} ({}; {} frames sent, {} skipped)", label(client),
                    count(client.transport()), client.address(), reason, client.framesSent(), client.framesSkipped());
        }
    }

    public List<ClientInfo> clients() {
        return List.copyOf(clients);
    }

    public int count() {
        return clients.size();
    }

    public int count(String transport) {
        return (int) clients.stream().filter(c -> c.transport().equals(transport)).count();
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

    private static String label(ClientInfo client) {
        return client.transport().toUpperCase(Locale.ROOT);
    }
}
