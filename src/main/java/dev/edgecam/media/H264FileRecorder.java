package dev.edgecam.media;

import dev.edgecam.frame.Size;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Transcodes the received JPEGs to H.264 in MP4 (fragmented, so a killed recording stays readable up to
 * its last fragment, about a second). Uses the first H.264 encoder this FFmpeg build has: the LGPL build
 * from Maven Central has {@code libopenh264}; {@code libx264} only with the GPL build.
 *
 * <p>Frames are placed on a {@link #TIME_BASE_FPS} grid at their real times: the nearest tick, or the next
 * free one when two frames arrive within one tick.
 */
public final class H264FileRecorder implements Recorder {

    /** The H.264 encoders tried, best first. */
    static final List<String> ENCODERS = List.of("libx264", "libopenh264", "h264_v4l2m2m", "h264_vaapi");
    /** Ticks per second of the output timeline: fine enough for 60 fps cameras. */
    static final int TIME_BASE_FPS = 60;
    /** A keyframe, and so a new MP4 fragment, at least this often in frames (about one second at 30 fps). */
    static final int KEYFRAME_INTERVAL_FRAMES = 30;

    private final Path path;
    private final String encoder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameRecorder recorder;
    private long firstMicros;
    private long lastTick = -1;
    private long frames;
    private boolean closed;

    /** Picks the encoder now, so the caller can say which one it got before the first frame. */
    public H264FileRecorder(Path path) throws IOException {
        this.path = path;
        this.encoder = availableEncoder();
    }

    /** The name of the H.264 encoder this FFmpeg build has, such as {@code libopenh264}. */
    public static String availableEncoder() throws IOException {
        for (String name : ENCODERS) {
            if (avcodec.avcodec_find_encoder_by_name(name) != null) {
                return name;
            }
        }
        throw new IOException("this FFmpeg build has no H.264 encoder (tried " + String.join(", ", ENCODERS)
                + "); store the JPEGs as they are (MJPEG in Matroska or AVI) instead");
    }

    public String encoder() {
        return encoder;
    }

    @Override
    public synchronized void write(TimedJpeg frame) throws IOException {
        if (closed) {
            throw new IOException("the recording " + path + " is already finished");
        }
        if (recorder == null) {
            open(frame);
        }
        long tick = Math.round((frame.timelineMicros() - firstMicros) * TIME_BASE_FPS / 1_000_000.0);
        tick = Math.max(tick, lastTick + 1);
        Mat picture = opencv_imgcodecs.imdecode(new Mat(new BytePointer(frame.jpeg())), opencv_imgcodecs.IMREAD_COLOR);
        try {
            if (picture.empty()) {
                throw new IOException("frame " + frame.sequence() + " is not a JPEG that can be decoded; it was skipped");
            }
            recorder.setFrameNumber((int) tick);
            recorder.record(converter.convert(picture), avutil.AV_PIX_FMT_BGR24);
            lastTick = tick;
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding frame " + frame.sequence() + " with " + encoder + " failed: " + e.getMessage(), e);
        } finally {
            picture.close();
        }
    }

    private void open(TimedJpeg first) throws IOException {
        Size size = JpegDimensions.ofFirstFrame(first.jpeg());
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(path.toFile(), size.width() & ~1, size.height() & ~1, 0);
        r.setFormat("mp4");
        r.setVideoCodecName(encoder);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(TIME_BASE_FPS);
        r.setGopSize(KEYFRAME_INTERVAL_FRAMES);
        // About 0.1 bit per pixel at 30 fps: 2.8 Mbit/s for 1280x720.
        r.setVideoBitrate(Math.max(200_000, size.width() * size.height() * 3));
        r.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("starting the " + encoder + " encoder for " + path + " failed: " + e.getMessage(), e);
        }
        recorder = r;
        firstMicros = first.timelineMicros();
    }

    @Override
    public synchronized long frames() {
        return frames;
    }

    @Override
    public synchronized long bytes() {
        return path.toFile().length();
    }

    @Override
    public synchronized long durationMicros() {
        return frames == 0 ? 0 : (lastTick + 1) * 1_000_000L / TIME_BASE_FPS;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (recorder == null) {
            return;
        }
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("finishing " + path + " failed: " + e.getMessage(), e);
        } finally {
            converter.close();
        }
    }
}
