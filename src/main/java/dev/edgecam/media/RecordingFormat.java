package dev.edgecam.media;

import java.nio.file.Path;
import java.util.Locale;

/** The kinds of video file a recording can be. */
public enum RecordingFormat {
    /** The JPEGs as they arrived, in Matroska: exact timing, stays playable when the recorder is killed. */
    MKV("matroska", ".mkv", "MJPEG in Matroska, not re-encoded"),
    /** The JPEGs as they arrived, in AVI, as the original client wrote (which used XVID at a fixed 20 fps). */
    AVI("avi", ".avi", "MJPEG in AVI, not re-encoded"),
    /** Transcoded to H.264 in MP4 with whichever H.264 encoder this FFmpeg build has. */
    MP4_H264("mp4", ".mp4", "H.264 in MP4, transcoded");

    private final String muxer;
    private final String extension;
    private final String description;

    RecordingFormat(String muxer, String extension, String description) {
        this.muxer = muxer;
        this.extension = extension;
        this.description = description;
    }

    /** FFmpeg's name of the container format. */
    public String muxer() {
        return muxer;
    }

    /** The usual file name extension, with its dot. */
    public String extension() {
        return extension;
    }

    public String description() {
        return description;
    }

    /** The MJPEG format a file name asks for by its extension: {@code .avi} is AVI, anything else Matroska. */
    public static RecordingFormat forPassthrough(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".avi") ? AVI : MKV;
    }
}
