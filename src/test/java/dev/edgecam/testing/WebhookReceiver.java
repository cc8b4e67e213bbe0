package dev.edgecam.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on loopback (the JDK's HTTP server) that answers each POST as the test says, by its number
 * (from 1): a status, or {@link #HANG} to keep the request waiting for 3 s before answering 200. It keeps every body
 * it got.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The answer that makes the receiver hang before answering. */
    public static final int HANG = -1;

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Long> arrivalMillis = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** @param answer the status of the n-th request (from 1), or {@link #HANG} */
    public static WebhookReceiver start(IntUnaryOperator answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            receiver.bodies.add(new String(body, StandardCharsets.UTF_8));
            receiver.arrivalMillis.add(System.currentTimeMillis());
            int status = answer.applyAsInt(receiver.bodies.size());
            if (status == HANG) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return receiver;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The bodies received, in order (one per attempt). */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<Long> arrivalMillis() {
        return List.copyOf(arrivalMillis);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
