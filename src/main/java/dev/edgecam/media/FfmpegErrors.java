package dev.edgecam.media;

import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;

/** Turns FFmpeg's negative return codes into exceptions with FFmpeg's own text. */
public final class FfmpegErrors {

    private FfmpegErrors() {
    }

    /** Returns {@code code} when it is not an error, else throws naming {@code what} failed and why. */
    public static int check(int code, String what) throws IOException {
        if (code < 0) {
            throw new IOException(what + " failed: " + text(code));
        }
        return code;
    }

    public static String text(int code) {
        byte[] buffer = new byte[256];
        avutil.av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (FFmpeg error " + code + ")";
    }
}
