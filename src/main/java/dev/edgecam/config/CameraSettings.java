package dev.edgecam.config;

import dev.edgecam.camera.CameraMulticast;
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
 * One camera as {@code edgecam serve} was asked for it: an entry of the config file's {@code cameras} list, or the
 * one camera of the flags. Validated when made.
 *
 * @param id the camera's name in URLs ({@code /cam/ID/stream}): letters, digits, {@code -} and {@code _}
 * @param source what to capture
 * @param size the size the test pattern draws and a camera is asked for
 * @param fps the rate the test pattern draws at and a camera is asked for
 * @param quality JPEG quality of the frames edgecam encodes
 * @param legacyPort this camera's legacy TCP port (0 picks a free one), or {@link #NO_LEGACY_PORT}
 * @param h264 its H.264 encoder, bitrate and keyframe interval ({@code h264_encoder}, {@code h264_bitrate},
 *     {@code keyframe_interval})
 * @param multicast its RTSP multicast group and TTL ({@code multicast}, {@code multicast_ttl})
 * @param record whether and how it records ({@link RecordConfig#OFF} when not); a change restarts the camera
 * @param events where its events go besides {@code /events} (webhooks, MQTT)
 * @param motion whether and how it looks for motion
 * @param publish the media servers it pushes its H.264 to ({@code publish}, {@code --publish})
 */
public record CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort,
                             H264Settings h264, CameraMulticast multicast, RecordConfig record, EventOutputs events,
                             MotionConfig motion, List<PublishTarget> publish) {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The {@link #legacyPort()} of a camera served over HTTP only. */
    public static final int NO_LEGACY_PORT = -1;
    public static final Size DEFAULT_SIZE = new Size(1280, 720);
    public static final double DEFAULT_FPS = 30;

    public CameraSettings {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id + "' may use only letters, digits, - and _ "
                    + "(1 to 64 of them)");
        }
        if (!Range.FPS.contains(fps) || !Range.QUALITY.contains(quality)
                || !(legacyPort == NO_LEGACY_PORT || Range.PORT.contains(legacyPort))) {
            throw new IllegalArgumentException("camera " + id + ": fps " + Range.plain(fps) + ", quality " + quality
                    + " or legacy port " + legacyPort + " is out of range");
        }
        Objects.requireNonNull(h264, "h264");
        Objects.requireNonNull(multicast, "multicast");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(motion, "motion");
        publish = List.copyOf(PublishTarget.requireDistinct(publish));
        if (record.mode() == RecordMode.MOTION && !motion.on()) {
            throw new IllegalArgumentException("camera " + id + ": record mode motion records clips around motion, so"
                    + " it needs motion detection on: give the camera motion: {} (or --motion-mode on)");
        }
    }

    /** A camera that publishes nowhere. */
    public CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort,
                          H264Settings h264, CameraMulticast multicast, RecordConfig record, EventOutputs events,
                          MotionConfig motion) {
        this(id, source, size, fps, quality, legacyPort, h264, multicast, record, events, motion, List.of());
    }

    /** A camera with the default H.264 settings that does not record nor look for motion. */
    public CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort) {
        this(id, source, size, fps, quality, legacyPort, H264Settings.defaults());
    }

    /** A camera with the default multicast group (from its id) and TTL that does not record nor look for motion. */
    public CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort,
                          H264Settings h264) {
        this(id, source, size, fps, quality, legacyPort, h264, CameraMulticast.DEFAULT);
    }

    /** A camera that does not record nor look for motion. */
    public CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort,
                          H264Settings h264, CameraMulticast multicast) {
        this(id, source, size, fps, quality, legacyPort, h264, multicast, RecordConfig.OFF, EventOutputs.NONE,
                MotionConfig.OFF);
    }

    /** A camera with the default multicast group (from its id) and TTL. */
    public CameraSettings(String id, SourceSpec source, Size size, double fps, int quality, int legacyPort,
                          H264Settings h264, RecordConfig record, EventOutputs events, MotionConfig motion) {
        this(id, source, size, fps, quality, legacyPort, h264, CameraMulticast.DEFAULT, record, events, motion);
    }

    /** The id of the camera at this place in the list (from 0) when the config file gives none. */
    public static String derivedId(int index) {
        return "cam" + index;
    }

    public boolean hasLegacyPort() {
        return legacyPort != NO_LEGACY_PORT;
    }

    /** The encode settings it starts with (changeable at run time over HTTP). */
    public EncodeSettings encode() {
        return new EncodeSettings(quality, null, 0);
    }
}
