package dev.edgecam.client.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.client.receive.ClientOptions;
import dev.edgecam.client.receive.HttpGet;
import dev.edgecam.client.receive.ServerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server recorded ({@code /recordings}), for {@code edgecam recordings}: the segments of every camera (or one)
 * that end after a time, and their download.
 */
public final class RecordingsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerAddress server;
    private final ClientOptions options;

    /** @param server an {@code http://} or {@code https://} address of the server (its path is not used) */
    public RecordingsClient(ServerAddress server, ClientOptions options) {
        this.server = server;
        this.options = options;
    }

    /** One segment on the server. */
    public record Segment(String camera, Instant start, Instant end, double durationSeconds, long bytes, String url,
                          boolean writing) {
    }

    /** The segments of {@code camera} (every camera when null) that end after {@code since}, oldest first per camera. */
    public List<Segment> list(String camera, Instant since) throws IOException {
        List<Segment> found = new ArrayList<>();
        JsonNode cameras = get("/recordings").get("cameras");
        for (JsonNode node : cameras) {
            String id = node.get("id").asText();
            if (camera != null && !camera.equals(id)) {
                continue;
            }
            for (JsonNode day : node.get("days")) {
                if (since != null && day.asText().compareTo(since.toString().substring(0, 10)) < 0) {
                    continue; // a day before since's day (UTC, as the names are) ends before it
                }
                JsonNode listed = get("/recordings?camera=" + encode(id) + "&day=" + encode(day.asText()));
                for (JsonNode segment : listed.get("segments")) {
                    Segment s = new Segment(id, Instant.parse(segment.get("start").asText()),
                            Instant.parse(segment.get("end").asText()), segment.get("durationSeconds").asDouble(),
                            segment.get("bytes").asLong(), segment.get("url").asText(),
                            segment.get("writing").asBoolean());
                    if (since == null || s.end().isAfter(since)) {
                        found.add(s);
                    }
                }
            }
        }
        if (camera != null && cameras.findValues("id").stream().noneMatch(id -> id.asText().equals(camera))) {
            throw new IOException("the server has no camera '" + camera + "'; it has "
                    + cameras.findValues("id").stream().map(JsonNode::asText).toList());
        }
        return found;
    }

    /**
     * Downloads {@code segment} to {@code dir/CAMERA/YYYY-MM-DD/HH-MM-SS.ext} (through a temporary file, so a cut
     * download leaves nothing that looks whole); returns the file.
     */
    public Path download(Segment segment, Path dir) throws IOException {
        String path = segment.url().substring("/recordings/".length());
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        HttpURLConnection connection = HttpGet.open(server, segment.url(), options, "a recording",
                "list the recordings again: retention may have deleted it");
        try (InputStream body = connection.getInputStream()) {
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            connection.disconnect();
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Downloads the clip of {@code camera} from {@code from} to {@code to} (the server cuts it on keyframes without
     * re-encoding: it begins at the keyframe at or before {@code from}) into {@code file}, through a temporary file.
     *
     * @return when the clip's first frame was captured (its time 0), as the server says
     */
    public Instant clip(String camera, Instant from, Instant to, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".part");
        HttpURLConnection connection = HttpGet.open(server, "/recordings/" + encode(camera) + "/clip?from="
                + encode(from.toString()) + "&to=" + encode(to.toString()), options, "a clip",
                "list the recordings to see which times were recorded");
        try (InputStream body = connection.getInputStream()) {
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            String start = connection.getHeaderField("X-Clip-Start");
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            return start == null ? from : Instant.parse(start);
        } finally {
            connection.disconnect();
            Files.deleteIfExists(partial);
        }
    }

    private JsonNode get(String pathAndQuery) throws IOException {
        HttpURLConnection connection = HttpGet.open(server, pathAndQuery, options, "the list of recordings",
                "edgecam lists its recordings at /recordings (a server from before recording has none)");
        try (InputStream body = connection.getInputStream()) {
            return JSON.readTree(body);
        } finally {
            connection.disconnect();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
