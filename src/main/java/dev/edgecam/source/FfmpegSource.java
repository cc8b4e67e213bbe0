package dev.edgecam.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera, file and URL sources, all read through FFmpeg so that they share one code path: whenever the
 * video is MJPEG (a USB camera asked for MJPEG, an MJPEG file, an IP camera's MJPEG stream) its JPEGs are
 * passed through untouched, with no decode and no re-encode. So is H.264 from a camera ({@code ?format=h264}) or a
 * URL (an RTSP camera): its access units go to the H.264 rendition as they came (in Annex B form, SPS/PPS before each
 * keyframe: {@link H264Packets}), and are decoded only for JPEG viewers. Anything else, and H.264 from a file (paced
 * by its timestamps), is decoded to BGR pixels.
 *
 * <p>Pacing: a camera and a URL deliver at their own pace; a file is played at its native rate from its
 * timestamps and loops at its end.
 */
public final class FfmpegSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(FfmpegSource.class);

    private final SourceSpec spec;
    private final double requestedFps;
    private final FfmpegOpener opener;
    private final FilePacer pacer;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    private FFmpegFrameGrabber grabber;
    private boolean passthrough;
    /** The H.264 packets' converter while the source's own H.264 is passed through; null otherwise. */
    private H264Packets h264;
    /** The passed-through H.264 packets' times on the wall clock (B-frames keep their presentation times). */
    private PacketTimeline timeline = new PacketTimeline();
    private double fps;
    /** The video stream's time base, copied: the native struct goes away with the grabber. */
    private long timeBaseNum;
    private long timeBaseDen = 1;
    private String description;
    /** The size the source last opened with; null until it first opened. */
    private Size openedSize;
    /** The file's identity (device and inode) when opened, to notice a file removed or replaced meanwhile. */
    private Object openedFileKey;

    /**
     * @param spec a camera, file or URL source
     * @param requestedSize the size to ask a camera for (files and URLs keep their own)
     * @param requestedFps the rate to ask a camera for (files and URLs keep their own)
     */
    public FfmpegSource(SourceSpec spec, Size requestedSize, double requestedFps) {
        if (spec.kind() != SourceSpec.Kind.CAMERA && spec.kind() != SourceSpec.Kind.FILE
                && spec.kind() != SourceSpec.Kind.URL) {
            throw new IllegalArgumentException("FfmpegSource reads cameras, files and URLs, not " + spec.kind());
        }
        this.spec = spec;
        this.requestedFps = requestedFps;
        this.opener = new FfmpegOpener(spec, requestedSize, requestedFps);
        this.pacer = new FilePacer(spec.target());
        this.description = spec.kind().label() + " " + spec.target();
        FfmpegLogging.quiet();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public SourceSpec.Kind kind() {
        return spec.kind();
    }

    /** The size the source last opened with; null before it first opened (a camera may not give the size asked). */
    @Override
    public Size size() {
        return openedSize;
    }

    /** True when the source's own JPEGs are served as they are. Valid after {@link #open()}. */
    public boolean passthrough() {
        return passthrough;
    }

    @Override
    public void open() throws SourceException {
        close();
        openedFileKey = spec.kind() == SourceSpec.Kind.FILE ? fileKey() : null;
        grabber = opener.open();
        if (!grabber.hasVideo()) {
            close();
            throw new SourceException(what() + " has no video stream");
        }
        passthrough = grabber.getVideoCodec() == AV_CODEC_ID_MJPEG;
        h264 = grabber.getVideoCodec() == AV_CODEC_ID_H264 && spec.kind() != SourceSpec.Kind.FILE
                ? new H264Packets(extradata()) : null;
        timeline = new PacketTimeline();
        double reported = grabber.getVideoFrameRate();
        fps = reported > 0 && reported < 1000 ? reported : 0;
        rememberTimeBase();
        openedSize = knownSize(grabber.getImageWidth(), grabber.getImageHeight());
        pacer.restart(fps);
        description = spec.kind().label() + " " + spec.target() + " (" + grabber.getImageWidth() + "x"
                + grabber.getImageHeight() + ", " + (fps > 0 ? TestPatternSource.formatFps(Math.round(fps * 100) / 100d) + " fps, " : "")
                + (passthrough ? "MJPEG passthrough" : h264 != null ? "H.264 passthrough"
                : grabber.getVideoCodecName() + " decoded and encoded") + ")";
    }

    @Override
    public Capture next(boolean wanted) throws SourceException, InterruptedException {
        if (grabber == null) {
            throw new SourceException(what() + " is not open");
        }
        try {
            return passthrough || h264 != null ? nextPacket(wanted) : nextPicture(wanted);
        } catch (FrameGrabber.Exception e) {
            throw new SourceException(what() + " stopped delivering frames: " + e.getMessage(), e);
        }
    }

    private Capture nextPacket(boolean wanted) throws FrameGrabber.Exception, SourceException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                try {
                    if (packet.stream_index() != grabber.getVideoStream() || packet.size() <= 0) {
                        continue;
                    }
                    long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    pace(streamMicros(pts));
                    long nanos = System.nanoTime();
                    long micros = Capture.nowEpochMicros();
                    if (!wanted) {
                        return null;
                    }
                    byte[] jpeg = new byte[packet.size()];
                    packet.data().capacity(packet.size()).get(jpeg);
                    if (h264 != null) {
                        boolean keyframe = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                        PacketTimeline.Stamp stamp = timeline.stamp(streamMicros(packet.pts()), streamMicros(packet.dts()), micros);
                        return new Capture.Encoded(Codec.H264, keyframe, h264AccessUnit(jpeg, keyframe),
                                grabber.getImageWidth(), grabber.getImageHeight(), nanos, stamp.decodeEpochMicros(),
                                stamp.presentationOffsetMicros());
                    }
                    // Many UVC cameras leave the Huffman tables out; browsers then show nothing.
                    jpeg = MjpegHuffmanTables.ensurePresent(jpeg);
                    return new Capture.Jpeg(jpeg, grabber.getImageWidth(), grabber.getImageHeight(), nanos, micros);
                } finally {
                    av_packet_unref(packet);
                }
            }
            endOfInput();
        }
        throw new SourceException(what() + " delivered no frames after rewinding");
    }

    /**
     * A timestamp of the video stream in microseconds, or {@link PacketTimeline#UNKNOWN} ({@code AV_NOPTS_VALUE},
     * which the file pacer also takes for "no time") for none.
     */
    private long streamMicros(long streamTime) {
        return streamTime == AV_NOPTS_VALUE ? PacketTimeline.UNKNOWN : streamTime * 1_000_000L * timeBaseNum / timeBaseDen;
    }

    private byte[] h264AccessUnit(byte[] packet, boolean keyframe) throws SourceException {
        try {
            return h264.accessUnit(packet, keyframe);
        } catch (IllegalStateException noParameterSets) {
            throw new SourceException(what() + ": " + noParameterSets.getMessage(), noParameterSets);
        }
    }

    /** The video stream's extradata (avcC or Annex B parameter sets), empty when it has none. */
    private byte[] extradata() {
        var parameters = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar();
        int size = parameters.extradata_size();
        byte[] bytes = new byte[Math.max(0, size)];
        if (size > 0) {
            parameters.extradata().capacity(size).get(bytes);
        }
        return bytes;
    }

    private Capture nextPicture(boolean wanted) throws FrameGrabber.Exception, SourceException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Frame frame = grabber.grabImage();
            if (frame != null) {
                pace(frame.timestamp);
                long nanos = System.nanoTime();
                long micros = Capture.nowEpochMicros();
                if (!wanted) {
                    return null;
                }
                Mat mat = converter.convert(frame);
                return new Capture.Pixels(mat, nanos, micros);
            }
            endOfInput();
        }
        throw new SourceException(what() + " delivered no frames after rewinding");
    }

    /**
     * A file loops; for a camera or URL the end of input is a failure. A file removed or replaced while it
     * played is a failure too (FFmpeg would otherwise loop over the old file's open descriptor forever), so
     * the capture loop reopens it and plays the new file, or shows "no signal" until it is back.
     */
    private void endOfInput() throws SourceException, FrameGrabber.Exception {
        if (spec.kind() != SourceSpec.Kind.FILE) {
            throw new SourceException(what() + " ended its stream");
        }
        Object keyNow = fileKey();
        if (keyNow == null) {
            throw new SourceException(what() + " was removed while playing");
        }
        if (!keyNow.equals(openedFileKey)) {
            throw new SourceException(what() + " was replaced while playing; reopening it");
        }
        pacer.looped();
        rewind();
        log.debug("SOURCE: {} looped", spec.target());
    }

    /**
     * Starts the file again. Seeking to 0 is cheap, but some formats cannot seek (multipart JPEG, raw H.264
     * or MJPEG streams): those are opened anew, keeping the playback clock.
     */
    private void rewind() throws SourceException {
        try {
            grabber.setTimestamp(0);
            return;
        } catch (FrameGrabber.Exception cannotSeek) {
            log.debug("SOURCE: {} cannot seek ({}); reopening it to loop", spec.target(), FfmpegOpener.cleanReason(cannotSeek));
        }
        try {
            grabber.close();
        } catch (Exception e) {
            log.debug("SOURCE: closing {} to loop failed: {}", spec.target(), e.toString());
        }
        grabber = null;
        grabber = opener.reopen();
        rememberTimeBase();
    }

    private void rememberTimeBase() {
        AVRational timeBase = grabber.getFormatContext().streams(grabber.getVideoStream()).time_base();
        timeBaseNum = timeBase.num();
        timeBaseDen = Math.max(1, timeBase.den());
    }

    /** Sleeps until a file frame's presentation time; cameras and URLs deliver in real time already. */
    private void pace(long timestampMicros) throws InterruptedException {
        if (spec.kind() == SourceSpec.Kind.FILE) {
            pacer.pace(timestampMicros);
        }
    }

    @Override
    public double nominalFps() {
        return fps > 0 ? fps : spec.kind() == SourceSpec.Kind.CAMERA ? requestedFps : 0;
    }

    @Override
    public void close() {
        if (grabber != null) {
            try {
                grabber.close();
            } catch (Exception e) {
                log.debug("SOURCE: closing {} failed: {}", spec.target(), e.toString());
            }
            grabber = null;
        }
    }

    /** The file's identity, or null when it is gone (also for cameras and URLs, which have none worth keeping). */
    private Object fileKey() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(spec.target()), BasicFileAttributes.class);
            Object key = attributes.fileKey();
            return key != null ? key : attributes.lastModifiedTime();
        } catch (IOException e) {
            return null;
        }
    }

    /** The size, or null when FFmpeg reports none or one outside what {@link Size} describes (a tiny or huge video still plays). */
    private static Size knownSize(int width, int height) {
        try {
            return width > 0 && height > 0 ? new Size(width, height) : null;
        } catch (IllegalArgumentException outOfRange) {
            return null;
        }
    }

    private String what() {
        return opener.what();
    }
}
