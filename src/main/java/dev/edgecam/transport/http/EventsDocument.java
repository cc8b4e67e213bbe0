package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.events.Event;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code GET /events}: the cameras' recent events as JSON, oldest first, filtered by the query:
 * {@code since} and {@code until} (an ISO-8601 instant such as {@code 2026-11-30T07:00:00Z}, or seconds since the
 * epoch; {@code since} exclusive, {@code until} inclusive), {@code camera} (an id) and {@code type}.
 *
 * <pre>
 *   {"events": [{"id": 7, "time": "2026-11-30T07:40:00.123Z", "camera": "door", "type": "camera_offline",
 *                "detail": "..."}]}
 * </pre>
 */
final class EventsDocument {

    private EventsDocument() {
    }

    static FullHttpResponse answer(Routes.Target target, List<CameraEndpoints> cameras) {
        Instant since;
        Instant until;
        try {
            since = instant(target.parameter("since"), Instant.MIN);
            until = instant(target.parameter("until"), Instant.MAX);
        } catch (IllegalArgumentException e) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        String camera = target.parameter("camera");
        String type = target.parameter("type");
        if (camera != null && cameras.stream().noneMatch(c -> c.camera.id().equals(camera))) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no camera '" + camera + "'; the cameras are "
                    + cameras.stream().map(c -> c.camera.id()).toList());
        }
        Stream<Event> events = cameras.stream()
                .filter(c -> camera == null || c.camera.id().equals(camera))
                .flatMap(c -> c.camera.events().events().stream())
                .filter(e -> type == null || e.type().equals(type))
                .filter(e -> e.time().isAfter(since) && !e.time().isAfter(until))
                .sorted(Comparator.comparingLong(Event::id));
        ObjectNode root = HttpResponses.newObject();
        ArrayNode list = root.putArray("events");
        events.forEach(event -> {
            ObjectNode node = list.addObject();
            node.put("id", event.id());
            node.put("time", event.time().toString());
            node.put("camera", event.camera());
            node.put("type", event.type());
            node.put("detail", event.detail());
        });
        return HttpResponses.json(HttpResponseStatus.OK, root);
    }

    private static Instant instant(String text, Instant fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return text.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time; give since/until as 2026-11-30T07:00:00Z"
                    + " or as seconds since 1970");
        }
    }
}
