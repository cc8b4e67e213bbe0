package dev.edgecam.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * FFmpeg writes its own lines to stderr. edgecam reports failures itself in one clear line, so FFmpeg is
 * kept quiet unless {@code EDGECAM_FFMPEG_LOG=1} asks for its errors while diagnosing a device.
 */
final class FfmpegLogging {

    private static volatile boolean configured;

    private FfmpegLogging() {
    }

    static void quiet() {
        if (!configured) {
            configured = true;
            av_log_set_level("1".equals(System.getenv("EDGECAM_FFMPEG_LOG")) ? AV_LOG_ERROR : AV_LOG_QUIET);
        }
    }
}
