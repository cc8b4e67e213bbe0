package dev.edgecam.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's recent events, newest last, bounded to {@link #CAPACITY} (the oldest are forgotten first), and the
 * listeners (webhooks) told about each new one. Thread-safe.
 */
public final class EventLog {

    /** The camera's source stopped delivering pictures (detail: why). */
    public static final String CAMERA_OFFLINE = "camera_offline";
    /** The camera's source delivers pictures again. */
    public static final String CAMERA_ONLINE = "camera_online";
    /** A recording write failed; recording pauses and retries (detail: the error). */
    public static final String RECORDING_FAILED = "recording_failed";
    /** Recording goes on again after a failure (detail: the new segment). */
    public static final String RECORDING_RESUMED = "recording_resumed";
    /** Motion began (time: the first picture that showed it; detail: the share of the picture that changed). */
    public static final String MOTION_START = "motion_start";
    /** Motion ended (time: the last picture that showed it; detail: when it began, its peak share, the snapshot). */
    public static final String MOTION_END = "motion_end";
    /** Events kept per camera. */
    public static final int CAPACITY = 1000;
    /** One numbering for every camera's events, so ids order them server-wide. */
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final String camera;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public EventLog(String camera) {
        this.camera = camera;
    }

    /** Records an event of {@code type} now and tells every listener (on this thread: they must only queue). */
    public Event publish(String type, String detail) {
        return publish(type, detail, Instant.now());
    }

    /** As {@link #publish(String, String)}, for something that happened at {@code time} (a frame's capture time). */
    public Event publish(String type, String detail, Instant time) {
        Event event = new Event(NEXT_ID.getAndIncrement(), time, camera, type, detail);
        synchronized (events) {
            if (events.size() == CAPACITY) {
                events.removeFirst();
            }
            events.addLast(event);
        }
        log.info("EVENT: camera {}: {}{}", camera, type, event.detail().isEmpty() ? "" : ": " + event.detail());
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("EVENT: a listener of camera {} failed: {}", camera, e.toString());
            }
        }
        return event;
    }

    /** The events kept, oldest first. */
    public List<Event> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    public void subscribe(Consumer<Event> listener) {
        listeners.addIfAbsent(listener);
    }

    public void unsubscribe(Consumer<Event> listener) {
        listeners.remove(listener);
    }
}
