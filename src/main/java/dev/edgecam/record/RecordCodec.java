package dev.edgecam.record;

import java.util.Locale;

/** Which of a camera's renditions a recording stores. */
public enum RecordCodec {
    /**
     * The H.264 rendition when the camera has one (its own H.264, or the server's encoder), stream-copied into
     * fragmented MP4; otherwise its JPEGs into Matroska. Decided when recording starts: H.264 when its hub delivers a
     * keyframe within {@link CameraRecorder#H264_PROBE_MILLIS} of the camera being online.
     */
    AUTO,
    /** The H.264 rendition, stream-copied into fragmented MP4 ({@code .mp4}). */
    H264,
    /** The JPEGs as they are, into Matroska ({@code .mkv}). */
    MJPEG;

    /** @throws IllegalArgumentException for a name that is not {@code auto}, {@code h264} or {@code mjpeg} */
    public static RecordCodec parse(String text) {
        for (RecordCodec codec : values()) {
            if (codec.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return codec;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a recording codec; use auto, h264 or mjpeg");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
