package dev.edgecam.camera;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.events.EventLog;
import dev.edgecam.events.MqttPublisher;
import dev.edgecam.events.MqttStatus;
import dev.edgecam.events.StatusWatch;
import dev.edgecam.events.WebhookSender;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.GopHub;
import dev.edgecam.hub.H264Status;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.hub.Renditions;
import dev.edgecam.hub.SourceStatus;
import dev.edgecam.motion.MotionWatch;
import dev.edgecam.publish.Backoff;
import dev.edgecam.publish.Publishers;
import dev.edgecam.record.SegmentClock;
import dev.edgecam.record.CameraRecorder;
import dev.edgecam.record.RecordingStatus;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceFactory;
import dev.edgecam.source.SourceSpec;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera of the server: its source, the capture loop (its own thread) that encodes each wanted frame once,
 * the hub its viewers take frames from, its live encode settings, its status and its running totals.
 * Transports, {@code /state}, metrics and the status line see a camera, never its capture loop.
 *
 * <p>Cameras are independent: each has its own thread, source and hub, so one that fails (unplugged, its URL
 * down) shows "no signal" and heals on its own while the others keep streaming.
 */
public final class Camera implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Camera.class);

    private final CameraConfig config;
    private final FrameHub hub;
    private final PipelineStats stats;
    private final CaptureLoop capture;
    /** Its recorder while its config says to record, else null. */
    private final CameraRecorder recorder;
    private final EventLog events;
    private final StatusWatch watch;
    /** Posts its events to its webhooks, or null when it has none. */
    private final WebhookSender webhooks;
    /** Publishes its events to its MQTT broker, or null when it has none. */
    private final MqttPublisher mqtt;
    /** Looks for motion, or null when its config says not to. */
    private final MotionWatch motion;
    /** Pushes its H.264 to the media servers of its config's {@code publish} list. */
    private final Publishers publishers;

    private Camera(CameraConfig config, FrameHub hub, PipelineStats stats, CaptureLoop capture) {
        this.config = config;
        this.hub = hub;
        this.stats = stats;
        this.capture = capture;
        this.recorder = config.record().on() ? CameraRecorder.start(config.id(), config.record(), capture.renditions(),
                () -> capture.status().online(), capture::sourceFps, new CameraRecorder.MotionClips(
                        this::motionUntilMicros, config.motion().pre(), config.motion().post())) : null;
        this.events = new EventLog(config.id());
        this.webhooks = config.events().webhooks().isEmpty() ? null
                : WebhookSender.start(config.id(), config.events().webhooks());
        if (webhooks != null) {
            events.subscribe(webhooks::accept);
        }
        this.mqtt = config.events().mqtt() == null ? null : MqttPublisher.start(config.id(), config.events().mqtt(),
                config.events().mqttTls(), Backoff.DEFAULT, () -> capture.status().online(), this::newestJpeg);
        if (mqtt != null) {
            events.subscribe(mqtt::accept);
        }
        this.watch = StatusWatch.start(config.id(), events, capture::status, this::recording);
        this.motion = !config.motion().on() ? null : MotionWatch.start(config.id(), config.motion(), hub, events,
                !config.record().on() ? null : start -> SegmentClock.fileFor(config.record().dir().resolve(config.id()),
                        start.toEpochMilli() * 1000, "-motion.jpg"));
        this.publishers = Publishers.start(config.id(), config.publish(), capture.renditions().h264(), Backoff.DEFAULT);
    }

    /**
     * Opens the source {@code config} names and starts capturing; throws with a one-line reason when a file
     * cannot be opened (see {@link #open(CameraConfig, FrameSource)}).
     */
    public static Camera open(CameraConfig config) throws SourceException {
        return open(config, SourceFactory.create(config.source(), config.size(), config.fps()));
    }

    /**
     * Opens {@code source} and starts capturing from it. A camera or URL that cannot be opened yet (a USB camera
     * that enumerates after the device booted, an IP camera rebooting after a power cut) starts offline: viewers
     * get "no signal" and the source is retried with backoff until it opens, as when it fails while running. A
     * file that cannot be opened is a mistake in the command line, not a device that may appear later, so it
     * stops the start with the reason.
     *
     * @param source not yet opened; the camera owns it from now on and closes it
     */
    public static Camera open(CameraConfig config, FrameSource source) throws SourceException {
        FrameHub hub = new FrameHub();
        PipelineStats stats = new PipelineStats();
        CaptureLoop capture;
        try {
            source.open();
            log.info("SOURCE: camera {}: {}{}", config.id(), source.describe(),
                    config.source().kind() == SourceSpec.Kind.AUTO ? " (chosen automatically: "
                            + (source.kind() == SourceSpec.Kind.TEST
                                    ? "no camera at /dev/video0 yet; switching to it when it appears"
                                    : "camera found") + ")" : "");
            capture = new CaptureLoop(source, hub, stats, config.encode());
        } catch (SourceException e) {
            if (!mayAppearLater(source.kind())) {
                source.close();
                throw e;
            }
            capture = CaptureLoop.startingOffline(source, hub, stats, config.encode(), e.getMessage());
        }
        capture.updateH264Settings(config.h264());
        capture.start("edgecam-capture-" + config.id());
        return new Camera(config, hub, stats, capture);
    }

    /**
     * A camera around a capture loop built elsewhere (tests with a stand-in source), not yet started; the camera
     * owns the loop from now on and closes it.
     */
    public static Camera of(CameraConfig config, FrameHub hub, PipelineStats stats, CaptureLoop capture) {
        return new Camera(config, hub, stats, capture);
    }

    /** Cameras are plugged in and network cameras come back; a file, or the test pattern, does not appear later. */
    private static boolean mayAppearLater(SourceSpec.Kind kind) {
        return kind == SourceSpec.Kind.CAMERA || kind == SourceSpec.Kind.URL;
    }

    public String id() {
        return config.id();
    }

    public CameraConfig config() {
        return config;
    }

    /** The JPEG hub of its default rendition: the size and quality the live settings describe. */
    public FrameHub hub() {
        return hub;
    }

    /**
     * The H.264 hub of the default rendition: every H.264 viewer (RTSP, the page's player) takes the same encoded
     * frames from it, from a keyframe on.
     */
    public GopHub h264Hub() {
        return capture.renditions().h264();
    }

    /**
     * The JPEG hub of the rendition at {@code size}, made on first use and encoded only while somebody watches it.
     *
     * @throws IllegalArgumentException when {@code size} is larger than the camera's pictures (upscaling adds no
     *     detail), or their size is not known yet (a camera that has not opened)
     * @throws IllegalStateException when the camera serves {@link Renditions#MAX_OTHER_SIZES} other sizes already
     */
    public FrameHub hub(Size size) {
        Size source = sourceSize();
        if (source == null) {
            throw new IllegalArgumentException("camera " + id() + " has not delivered a picture yet, so no size but its"
                    + " own can be served; leave out size=, or try again when /state shows it online");
        }
        if (size.width() > source.width() || size.height() > source.height()) {
            throw new IllegalArgumentException("size " + size + " is larger than camera " + id() + "'s pictures ("
                    + source + "); ask for " + source + " or less");
        }
        return capture.renditions().hub(size);
    }

    /** The hubs of the sizes other than the live settings' that somebody asked for ({@link #hub(Size)}). */
    public Map<Size, FrameHub> otherSizes() {
        return capture.renditions().others();
    }

    public PipelineStats stats() {
        return stats;
    }

    public SourceStatus status() {
        return capture.status();
    }

    /** Its H.264 rendition: the encoder in use (or passthrough), its settings and costs. */
    public H264Status h264Status() {
        return capture.h264Status();
    }

    public EncodeSettings settings() {
        return capture.settings();
    }

    /** Applies new encode settings from the next frame on, without touching connected viewers. */
    public void updateSettings(EncodeSettings newSettings) {
        capture.updateSettings(newSettings);
    }

    /** Its H.264 rendition's settings in force: the encoder, the bitrate asked for (or auto), the keyframe interval. */
    public H264Settings h264Settings() {
        return capture.h264Settings();
    }

    /**
     * Applies new H.264 settings: the encoder reopens with them at the next picture, whose keyframe every viewer
     * decodes on from (nobody is disconnected).
     */
    public void updateH264Settings(H264Settings newSettings) {
        capture.updateH264Settings(newSettings);
    }

    /** The size of the source's pictures as captured (before scaling), or null while it is not known. */
    public Size sourceSize() {
        return capture.sourceSize();
    }

    /** The rate the source aims for, or 0 when unknown. */
    public double sourceFps() {
        return capture.sourceFps();
    }

    /** What its recorder is doing ({@link RecordingStatus#OFF} when it does not record). */
    public RecordingStatus recording() {
        return recorder == null ? RecordingStatus.OFF : recorder.status();
    }

    /** Its connection to its MQTT broker (with or without TLS), for {@code /state}; null when it has no broker. */
    public MqttStatus mqttStatus() {
        return mqtt == null ? null : mqtt.status();
    }

    /** Its publishers (one per {@code publish} URL, in order), for {@code /state} and the metrics. */
    public Publishers publishers() {
        return publishers;
    }

    /** Whether motion is going on now (motion mode's clips); false without motion detection. */
    private long motionUntilMicros() {
        MotionWatch watching = motion;
        return watching == null ? CameraRecorder.MotionClips.NEVER : watching.motionUntilMicros();
    }

    /** The newest JPEG of its default hub, or null when there is none yet. */
    private byte[] newestJpeg() {
        Frame latest = hub.latest();
        return latest == null ? null : latest.bytes();
    }

    /** Its recent events (source lost and back, recording failed and resumed), and their listeners. */
    public EventLog events() {
        return events;
    }

    /**
     * Stops publishing, then watching and posting events, then recording (the segment being written is finished),
     * then capturing, and releases the source; idempotent.
     */
    @Override
    public void close() {
        publishers.close();
        if (motion != null) {
            motion.close();
        }
        watch.close();
        if (webhooks != null) {
            webhooks.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        capture.close();
    }

    @Override
    public String toString() {
        return "camera " + id();
    }
}
