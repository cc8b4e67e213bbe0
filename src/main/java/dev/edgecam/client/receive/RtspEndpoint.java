package dev.edgecam.client.receive;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * An RTSP camera or server ({@code rtsp://HOST:PORT/PATH}): its H.264 pictures decoded by FFmpeg and handed on as
 * JPEGs, so snapshots, the viewer and its recordings work as they do for MJPEG servers. A recording of the H.264
 * itself, without decoding, is {@code edgecam record}'s stream copy, which opens an {@link RtspConnection} directly.
 */
public final class RtspEndpoint implements FrameEndpoint {

    private final ServerAddress address;
    private final ClientOptions options;

    public RtspEndpoint(ServerAddress address, ClientOptions options) {
        if (!address.isRtsp()) {
            throw new IllegalArgumentException(address + " is not an rtsp:// URL");
        }
        this.address = address;
        this.options = options;
    }

    /** The first picture that decodes, as a JPEG. */
    @Override
    public ReceivedFrame snapshot() throws IOException {
        try (RtspFrameReceiver receiver = openStream()) {
            ReceivedFrame frame = receiver.next();
            if (frame == null) {
                throw new IOException(address + " ended the stream before a picture decoded");
            }
            return frame;
        }
    }

    /**
     * The first picture that decodes, as FFmpeg decoded it (no JPEG step), for a lossless snapshot such as a PNG.
     */
    public BufferedImage snapshotPicture() throws IOException {
        try (RtspConnection connection = RtspConnection.open(address, options, true);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            for (int attempt = 0; attempt < RtspFrameReceiver.MAX_UNDECODABLE; attempt++) {
                Frame picture = connection.grabImage();
                if (picture == null) {
                    break;
                }
                BufferedImage image = converter.convert(picture);
                if (image != null) {
                    return image; // on the Java heap: it outlives the converter
                }
            }
            throw new IOException(address + " ended the stream before a picture decoded");
        }
    }

    @Override
    public RtspFrameReceiver openStream() throws IOException {
        return new RtspFrameReceiver(RtspConnection.open(address, options, true), options);
    }

    public ServerAddress address() {
        return address;
    }

    public ClientOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return address + " (RTSP over " + options.rtspTransport() + ")";
    }
}
