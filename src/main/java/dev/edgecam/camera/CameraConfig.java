package dev.edgecam.camera;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.events.EventOutputs;
import dev.edgecam.frame.Size;
import dev.edgecam.motion.MotionConfig;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordMode;
import dev.edgecam.source.SourceSpec;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One camera as the server was asked to serve it: the per-camera part of {@code edgecam serve}'s settings, as the
 * config file's {@code cameras} list or the flags give it. The one place that holds a camera's settings: a new
 * per-camera key is a field here (and a line in {@code config/CameraListReader} and a flag in {@code ServeCommand}).
 * Its equality is what a config reload compares ({@code ConfigChange}, {@code EdgecamServer.apply}): a camera
 * whose config is equal in every field keeps streaming, any other difference restarts it.
 *
 * @param id the camera's name in URLs ({@code /cam/ID/stream}), {@code /state} and metrics: letters, digits,
 *     {@code -} and {@code _}
 * @param source what to capture
 * @param size the size the test pattern draws and a camera is asked for
 * @param fps the rate the test pattern draws at and a camera is asked for
 * @param encode JPEG quality, output size and frame-rate cap it starts with (changeable at run time)
 * @param legacyPort this camera's legacy TCP port (0 picks a free one), or {@link #NO_LEGACY_PORT}
 * @param h264 how its H.264 rendition is encoded (when its source gives no H.264 of its own)
 * @param multicast where its RTSP multicast stream goes
 * @param record whether and how it records on the device ({@link RecordConfig#OFF} when not)
 * @param events where its events go besides {@code /events} (webhooks, MQTT)
 * @param motion whether and how it looks for motion ({@link MotionConfig#OFF} when not)
 * @param publish the media servers it pushes its H.264 to (none when empty)
 */
public record CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode,
                           int legacyPort, H264Settings h264, CameraMulticast multicast, RecordConfig record,
                           EventOutputs events, MotionConfig motion, List<PublishTarget> publish) {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The {@link #legacyPort()} of a camera served over HTTP only. */
    public static final int NO_LEGACY_PORT = -1;
    /** The id of the one camera a server started from flags serves (the config file's first camera without an id). */
    public static final String FIRST_ID = "cam0";

    public CameraConfig {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id + "' may use only letters, digits, - and _"
                    + " (1 to 64 of them)");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(h264, "h264");
        Objects.requireNonNull(multicast, "multicast");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(motion, "motion");
        publish = List.copyOf(PublishTarget.requireDistinct(publish));
        if (legacyPort != NO_LEGACY_PORT && (legacyPort < 0 || legacyPort > 65_535)) {
            throw new IllegalArgumentException("camera " + id + ": legacy port " + legacyPort
                    + " is out of range; use 0 to 65535, or none");
        }
        if (record.mode() == RecordMode.MOTION && !motion.on()) {
            throw new IllegalArgumentException("camera " + id + ": record mode motion records clips around motion, so"
                    + " it needs motion detection on: give the camera motion: {} (or --motion-mode on)");
        }
    }

    /** A camera that publishes nowhere. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort,
                        H264Settings h264, CameraMulticast multicast, RecordConfig record, EventOutputs events,
                        MotionConfig motion) {
        this(id, source, size, fps, encode, legacyPort, h264, multicast, record, events, motion, List.of());
    }

    /** A camera with the default H.264 settings that does not record nor look for motion. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort) {
        this(id, source, size, fps, encode, legacyPort, H264Settings.defaults());
    }

    /** A camera with the default multicast group (from its id) and TTL that does not record nor look for motion. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort,
                        H264Settings h264) {
        this(id, source, size, fps, encode, legacyPort, h264, CameraMulticast.DEFAULT);
    }

    /** A camera that does not record nor look for motion. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort,
                        H264Settings h264, CameraMulticast multicast) {
        this(id, source, size, fps, encode, legacyPort, h264, multicast, RecordConfig.OFF, EventOutputs.NONE,
                MotionConfig.OFF);
    }

    /** A camera with the default multicast group (derived from its id) and TTL. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort,
                        H264Settings h264, RecordConfig record, EventOutputs events, MotionConfig motion) {
        this(id, source, size, fps, encode, legacyPort, h264, CameraMulticast.DEFAULT, record, events, motion);
    }

    /** A camera with default H.264 and multicast that may record, whose events go nowhere but {@code /events}. */
    public CameraConfig(String id, SourceSpec source, Size size, double fps, EncodeSettings encode, int legacyPort,
                        RecordConfig record) {
        this(id, source, size, fps, encode, legacyPort, H264Settings.defaults(), record, EventOutputs.NONE,
                MotionConfig.OFF);
    }

    public boolean hasLegacyPort() {
        return legacyPort != NO_LEGACY_PORT;
    }

    public CameraConfig withMotion(MotionConfig newMotion) {
        return new CameraConfig(id, source, size, fps, encode, legacyPort, h264, multicast, record, events, newMotion,
                publish);
    }

    public CameraConfig withEvents(EventOutputs newEvents) {
        return new CameraConfig(id, source, size, fps, encode, legacyPort, h264, multicast, record, newEvents, motion,
                publish);
    }

    public CameraConfig withRecord(RecordConfig newRecord) {
        return new CameraConfig(id, source, size, fps, encode, legacyPort, h264, multicast, newRecord, events, motion,
                publish);
    }

    public CameraConfig withPublish(List<PublishTarget> newPublish) {
        return new CameraConfig(id, source, size, fps, encode, legacyPort, h264, multicast, record, events, motion,
                newPublish);
    }
}
