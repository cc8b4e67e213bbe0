package dev.edgecam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What an edgecam server says about itself at {@code /state}: how many frames it has published and how many
 * each client skipped. The legacy protocol carries no sequence numbers, so this is how a TCP run learns the
 * server's frame rate and its clients' skipped frames; the clients are matched by their address.
 */
final class ServerState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * One reading.
     *
     * @param skippedByAddress each client's skipped frames, by its {@code host:port} as the server sees it
     */
    record Snapshot(long nanoTime, long framesPublished, long h264FramesPublished, Map<String, Long> skippedByAddress) {
    }

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ServerState(URI uri) {
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    /** Reads {@code /state} now; throws naming the URL and what went wrong. */
    Snapshot fetch() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        long now = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return parse(response.body(), now);
    }

    static Snapshot parse(String body, long nanoTime) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode published = root.path("encoder").path("framesPublished");
        if (!published.canConvertToLong()) {
            throw new IOException("no encoder.framesPublished in the state document; is this an edgecam /state URL?");
        }
        Map<String, Long> skipped = new HashMap<>();
        for (JsonNode client : root.path("clients")) {
            skipped.put(client.path("address").asText(), client.path("framesSkipped").asLong());
        }
        // -1: a server from before H.264 was counted apart (its encoder.framesPublished counted both).
        long h264 = root.path("h264").path("framesPublished").asLong(-1);
        return new Snapshot(nanoTime, published.asLong(), h264, skipped);
    }
}
