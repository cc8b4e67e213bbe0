package dev.edgecam.client.receive;

import java.io.IOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The pictures of an RTSP stream, decoded and encoded as JPEGs (quality {@link #JPEG_QUALITY}) for the client's
 * JPEG-based viewer and snapshots.
 *
 * <p>FFmpeg cannot be woken from another thread while it waits for data, so {@link #close()} only marks the
 * receiver closed: the receiving thread notices after the next picture (a thirtieth of a second on a live stream)
 * or the read timeout at the latest, and ends the RTSP session itself.
 */
public final class RtspFrameReceiver implements FrameReceiver {

    /** High enough that the extra JPEG step is not visible in the viewer or a snapshot. */
    static final int JPEG_QUALITY = 92;
    /** Pictures that fail to decode (before the first keyframe) skipped at most before giving up. */
    static final int MAX_UNDECODABLE = 600;

    private final RtspConnection connection;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final IntPointer jpegParameters = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
    private final String description;
    private volatile boolean closed;
    /** A thread is inside {@link #next()}: releasing now would free memory FFmpeg is using. */
    private boolean receiving;
    private boolean released;
    private long sequence;

    RtspFrameReceiver(RtspConnection connection, ClientOptions options) {
        this.connection = connection;
        this.description = "rtsp over " + options.rtspTransport();
    }

    @Override
    public ReceivedFrame next() throws IOException {
        synchronized (this) {
            if (closed) {
                release();
                return null;
            }
            receiving = true;
        }
        try {
            for (int attempt = 0; attempt < MAX_UNDECODABLE && !closed; attempt++) {
                Frame picture = connection.grabImage();
                if (picture == null) {
                    return null;
                }
                byte[] jpeg = toJpeg(picture);
                if (jpeg != null && !closed) {
                    return ReceivedFrame.arrivedNow(++sequence, jpeg);
                }
            }
            if (closed) {
                return null;
            }
            throw new IOException("no picture decoded in " + MAX_UNDECODABLE + " tries");
        } finally {
            synchronized (this) {
                receiving = false;
                if (closed) {
                    release();
                }
            }
        }
    }

    private byte[] toJpeg(Frame picture) {
        Mat mat = converter.convert(picture);
        if (mat == null || mat.empty()) {
            return null;
        }
        try (BytePointer encoded = new BytePointer()) {
            if (!opencv_imgcodecs.imencode(".jpg", mat, encoded, jpegParameters)) {
                return null;
            }
            byte[] jpeg = new byte[(int) encoded.limit()];
            encoded.position(0).get(jpeg);
            return jpeg;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** Ends the session: at once when no thread is receiving, else by the receiving thread after its next picture. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!receiving) {
            release();
        }
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            connection.close();
            converter.close();
            jpegParameters.close();
        }
    }
}
