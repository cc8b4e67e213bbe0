package dev.edgecam.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each event as JSON to a camera's webhook URLs, on a thread of its own: a receiver that is down or slow never
 * holds up the camera. Each delivery has {@link #TIMEOUT} and is tried up to {@link #ATTEMPTS} times, waiting
 * {@link #FIRST_BACKOFF} then twice as long each time; a status other than 2xx counts as a failure. Events wait in a
 * queue of {@link #QUEUE_EVENTS}: when it is full the newest is dropped and logged (a receiver down for long).
 *
 * <pre>
 *   POST URL   Content-Type: application/json
 *   {"id": 7, "time": "2026-11-30T07:40:00.123Z", "camera": "door", "type": "camera_offline", "detail": "..."}
 * </pre>
 */
public final class WebhookSender implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final int ATTEMPTS = 5;
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final int QUEUE_EVENTS = 100;
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final List<URI> urls;
    private final Duration timeout;
    private final Duration firstBackoff;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_EVENTS);
    private final HttpClient client;
    private final Thread thread;
    private volatile boolean closed;

    /** Sends to {@code urls} with the standard timeout and backoff. */
    public static WebhookSender start(String cameraId, List<URI> urls) {
        return start(cameraId, urls, TIMEOUT, FIRST_BACKOFF);
    }

    /** With another timeout and first backoff (tests). */
    public static WebhookSender start(String cameraId, List<URI> urls, Duration timeout, Duration firstBackoff) {
        WebhookSender sender = new WebhookSender(cameraId, urls, timeout, firstBackoff);
        sender.thread.start();
        return sender;
    }

    private WebhookSender(String cameraId, List<URI> urls, Duration timeout, Duration firstBackoff) {
        this.urls = List.copyOf(urls);
        this.timeout = timeout;
        this.firstBackoff = firstBackoff;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.thread = new Thread(this::run, "edgecam-webhooks-" + cameraId);
        this.thread.setDaemon(true);
    }

    /** Queues {@code event} for every URL; never blocks (see the class comment for a full queue). */
    public void accept(Event event) {
        if (!closed && !queue.offer(event)) {
            log.warn("EVENT: webhook queue full ({} events): {} of camera {} not sent", QUEUE_EVENTS, event.type(),
                    event.camera());
        }
    }

    private void run() {
        try {
            while (!closed) {
                Event event = queue.poll(500, TimeUnit.MILLISECONDS);
                if (event != null) {
                    byte[] body = EventJson.of(event);
                    for (URI url : urls) {
                        deliver(url, event, body);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(URI url, Event event, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .header("User-Agent", "edgecam").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long backoffMillis = firstBackoff.toMillis();
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < ATTEMPTS) {
                Thread.sleep(backoffMillis);
                backoffMillis *= 2;
            }
        }
        log.warn("EVENT: webhook {} failed {} times for {} {} of camera {} (last: {}); given up", url, ATTEMPTS,
                event.type(), event.id(), event.camera(), failure);
    }

    /** Stops sending (events still queued are dropped); idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
