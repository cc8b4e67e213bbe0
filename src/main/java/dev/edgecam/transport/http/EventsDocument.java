package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.events.Event;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /events}: the cameras' recent events as JSON, oldest first, filtered by the query ({@link EventFilter}).
 * With {@code ?live} or {@code Accept: text/event-stream} the connection becomes an {@link EventStreamSession} instead.
 *
 * <pre>
 *   {"events": [{"id": 7, "time": "2026-11-30T07:40:00.123Z", "camera": "door", "type": "camera_offline",
 *                "detail": "..."}]}
 * </pre>
 */
final class EventsDocument {

    private EventsDocument() {
    }

    /** The list, or the error for a filter that cannot be read (400) or an unknown camera (404). */
    static FullHttpResponse answer(Routes.Target target, List<CameraEndpoints> cameras) {
        FullHttpResponse refusal = refusal(target, cameras);
        if (refusal != null) {
            return refusal;
        }
        EventFilter filter = EventFilter.of(target);
        ObjectNode root = HttpResponses.newObject();
        ArrayNode list = root.putArray("events");
        matching(filter, cameras).forEach(event -> describe(event, list.addObject()));
        return HttpResponses.json(HttpResponseStatus.OK, root);
    }

    /** Why the query cannot be answered, or null when it can. */
    static FullHttpResponse refusal(Routes.Target target, List<CameraEndpoints> cameras) {
        EventFilter filter;
        try {
            filter = EventFilter.of(target);
        } catch (IllegalArgumentException e) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (filter.camera() != null && cameras.stream().noneMatch(c -> c.camera.id().equals(filter.camera()))) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no camera '" + filter.camera()
                    + "'; the cameras are " + cameras.stream().map(c -> c.camera.id()).toList());
        }
        return null;
    }

    /** The kept events that match, oldest first. */
    static List<Event> matching(EventFilter filter, List<CameraEndpoints> cameras) {
        return cameras.stream().flatMap(c -> c.camera.events().events().stream()).filter(filter::matches)
                .sorted(Comparator.comparingLong(Event::id)).toList();
    }

    static void describe(Event event, ObjectNode node) {
        node.put("id", event.id());
        node.put("time", event.time().toString());
        node.put("camera", event.camera());
        node.put("type", event.type());
        node.put("detail", event.detail());
    }
}
