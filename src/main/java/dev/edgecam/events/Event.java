package dev.edgecam.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a camera, for {@code /events} and the webhooks.
 *
 * @param id increasing number within the server (orders events of the same instant)
 * @param time when it happened
 * @param camera the camera's id
 * @param type what happened: one of the {@code EventLog} type names ({@code camera_offline}, ...)
 * @param detail one line for people (the source's error, the file being written), or empty
 */
public record Event(long id, Instant time, String camera, String type, String detail) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }
}
