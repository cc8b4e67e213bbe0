package dev.edgecam.client.receive;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One RTSP session opened by FFmpeg (through JavaCV's {@link FFmpegFrameGrabber}): DESCRIBE, SETUP over
 * {@link RtspTransport TCP or UDP}, PLAY; then decoded pictures ({@link #grabImage()}) or the H.264 packets as they
 * came ({@link #grabPacket()}). One thread uses it; {@link #close()} sends TEARDOWN.
 *
 * <p>FFmpeg's {@code timeout} (socket I/O, in microseconds) bounds connecting and every wait for data, so a dead
 * or silent server ends in an {@link IOException} with one line saying so, never a hang. The credentials come
 * from the URL ({@code rtsp://USER:PASSWORD@HOST/PATH}); FFmpeg answers Basic and Digest challenges.
 */
public final class RtspConnection implements AutoCloseable {

    private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-\\d+)");

    static {
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("FFmpeg's libraries cannot be loaded: " + e.getMessage(), e);
        }
        // FFmpeg's own lines (a lost packet's "RTP: missed 3 packets", each failed try of a connection) would garble the
        // command's status line; a failure is reported once, in reason(), from FFmpeg's error code.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final ServerAddress address;
    private final FFmpegFrameGrabber grabber;
    private final int videoStream;

    private RtspConnection(ServerAddress address, FFmpegFrameGrabber grabber, int videoStream) {
        this.address = address;
        this.grabber = grabber;
        this.videoStream = videoStream;
    }

    /**
     * Connects and starts playing.
     *
     * @param decode whether pictures will be decoded (buffering is turned off for the lowest delay); false opens
     *     the stream for {@link #grabPacket()} only
     * @throws IOException with a one-line reason: no answer, refused, 401 (wrong or missing credentials), 404, no video
     */
    public static RtspConnection open(ServerAddress address, ClientOptions options, boolean decode) throws IOException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(address.rtspUrl());
        g.setFormat("rtsp");
        g.setOption("rtsp_transport", options.rtspTransport().ffmpegName());
        long timeoutMicros = Math.max(options.connectTimeout().toNanos(), options.readTimeout().toNanos()) / 1000;
        g.setOption("timeout", Long.toString(timeoutMicros));
        if (decode) {
            g.setOption("fflags", "nobuffer");
            g.setOption("flags", "low_delay");
            g.setImageMode(FrameGrabber.ImageMode.COLOR);
        }
        try {
            g.start(true); // reads the first packets: the picture size and frame rate a file's header needs
        } catch (FrameGrabber.Exception e) {
            release(g);
            throw new IOException(reason(e, address, options));
        }
        int video = g.getVideoStream();
        if (video < 0) {
            release(g);
            throw new IOException(address + " has no video stream");
        }
        return new RtspConnection(address, g, video);
    }

    /** The next decoded picture, or null at the end of the stream. */
    public Frame grabImage() throws IOException {
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("receiving from " + address + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The next packet of the video stream, exactly as FFmpeg depacketized it (an H.264 access unit, Annex B), or null
     * at the end of the stream. The packet belongs to the connection and is valid until the next call.
     */
    public AVPacket grabPacket() throws IOException {
        try {
            for (int skipped = 0; skipped < 10_000; skipped++) {
                AVPacket packet = grabber.grabPacket();
                if (packet == null || packet.stream_index() == videoStream) {
                    return packet;
                }
            }
            throw new IOException(address + " sends nothing but other streams than its video");
        } catch (FrameGrabber.Exception e) {
            throw new IOException("receiving from " + address + " failed: " + e.getMessage(), e);
        }
    }

    /** The demuxer's context, whose video stream describes the packets (codec parameters, time base). */
    public AVFormatContext formatContext() {
        return grabber.getFormatContext();
    }

    /** The video stream of {@link #formatContext()}. */
    public AVStream videoStream() {
        return grabber.getFormatContext().streams(videoStream);
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    public String codecName() {
        return grabber.getVideoCodecName();
    }

    /** Sends TEARDOWN and frees FFmpeg's memory. Idempotent; call it from the thread that grabs. */
    @Override
    public void close() {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception e) {
            // Nothing left to do for a stream being abandoned.
        }
    }

    /** FFmpeg's failure in one line that says what to do. */
    static String reason(Exception e, ServerAddress address, ClientOptions options) {
        String text = String.valueOf(e.getMessage());
        Matcher code = FFMPEG_ERROR.matcher(text);
        if (code.find()) {
            text = errorText(Integer.parseInt(code.group(1)));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("401")) {
            return address + " answered 401 Unauthorized: "
                    + (address.userInfo() == null ? "it wants a login; put it in the URL: rtsp://USER:PASSWORD@HOST:PORT/PATH"
                            : "wrong user name or password");
        }
        if (lower.contains("404")) {
            return address + " answered 404 Not Found: no stream at " + address.path() + " (edgecam serves /ID per camera "
                    + "and /stream)";
        }
        if (lower.contains("connection refused")) {
            return "nothing listens at " + address + " (connection refused): is the server running, and is the port right?";
        }
        long seconds = Math.max(options.connectTimeout().toSeconds(), options.readTimeout().toSeconds());
        if (lower.contains("timed out") || lower.contains("invalid data found")) {
            // FFmpeg reads a server that stays silent past the timeout as a reply it cannot parse.
            return "no RTSP answer from " + address + " within " + seconds + " s over " + options.rtspTransport()
                    + (options.rtspTransport() == RtspTransport.UDP ? " (a firewall or NAT may drop UDP: try --rtsp-transport tcp)"
                            : ": is it an RTSP server, and is the port right?");
        }
        int newline = text.indexOf('\n');
        return "cannot play " + address + ": " + (newline < 0 ? text : text.substring(0, newline));
    }

    /** FFmpeg's text for an error code, such as "Server returned 401 Unauthorized (authorization failed)". */
    static String errorText(int code) {
        byte[] buffer = new byte[256];
        avutil.av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
