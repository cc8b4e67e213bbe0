package dev.edgecam.transport.http;

import dev.edgecam.events.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The query of {@code /events}: {@code since} and {@code until} (an ISO-8601 instant such as
 * {@code 2026-11-30T07:00:00Z}, or seconds since the epoch; {@code since} exclusive, {@code until} inclusive),
 * {@code camera} (an id) and {@code type}; each left out matches everything.
 */
record EventFilter(Instant since, Instant until, String camera, String type) {

    /** @throws IllegalArgumentException naming a time that cannot be read */
    static EventFilter of(Routes.Target target) {
        return new EventFilter(instant(target.parameter("since"), Instant.MIN),
                instant(target.parameter("until"), Instant.MAX), target.parameter("camera"), target.parameter("type"));
    }

    boolean matches(Event event) {
        return (camera == null || event.camera().equals(camera)) && (type == null || event.type().equals(type))
                && event.time().isAfter(since) && !event.time().isAfter(until);
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
