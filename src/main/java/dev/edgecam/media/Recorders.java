package dev.edgecam.media;

import java.io.IOException;
import java.nio.file.Path;

/** Makes the recorder for a format. */
public final class Recorders {

    private Recorders() {
    }

    public static Recorder create(Path path, RecordingFormat format) throws IOException {
        return format == RecordingFormat.MP4_H264 ? new H264FileRecorder(path) : new MjpegFileRecorder(path, format);
    }
}
