package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.JpegDecoder;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Publishes one captured picture to every rendition somebody watches, for the capture loop: encodes each watched size
 * once (the default rendition and a {@code ?size=} one of the same size share the bytes), passes a camera's own JPEG
 * through where it has the size, and gives every rendition the same sequence number. Renditions nobody watches cost
 * nothing. Used by the capture thread only.
 */
final class RenditionPublisher {

    private final Renditions renditions;
    private final PipelineStats stats;

    RenditionPublisher(Renditions renditions, PipelineStats stats) {
        this.renditions = renditions;
        this.stats = stats;
    }

    /**
     * Publishes {@code capture} as frame {@code sequence}.
     *
     * @param passthrough the camera's own JPEG of this capture, or null for pixels to encode
     * @param captured the size of the picture as captured
     * @return the size of the default rendition's frame, or null when nobody watches it
     */
    Size publish(Capture capture, byte[] passthrough, Size captured, long sequence, EncodeSettings current,
                 JpegEncoder encoder) {
        Map<Size, byte[]> encodedBySize = new HashMap<>(4);
        Size defaultSize = null;
        FrameHub defaultHub = renditions.defaultHub();
        if (defaultHub.hasDemand()) {
            // Passed-through JPEGs are served as they came: the output size is for pictures edgecam encodes itself.
            defaultSize = passthrough != null || current.outputSize() == null ? captured : current.outputSize();
            publish(defaultHub, capture, sequence, defaultSize,
                    render(capture, passthrough, captured, defaultSize, current, encoder, encodedBySize));
        }
        for (Map.Entry<Size, FrameHub> other : renditions.others().entrySet()) {
            if (other.getValue().hasDemand()) {
                Size size = other.getKey();
                publish(other.getValue(), capture, sequence, size,
                        render(capture, passthrough, captured, size, current, encoder, encodedBySize));
            }
        }
        return defaultSize;
    }

    /**
     * Publishes a picture made for each watched rendition by {@code frameWith} (given the settings at that
     * rendition's size; null when it could not be made, and then that rendition gets none this time).
     */
    void publishEach(EncodeSettings current, Function<EncodeSettings, Frame> frameWith) {
        if (renditions.defaultHub().hasDemand()) {
            publish(renditions.defaultHub(), frameWith.apply(current));
        }
        for (Map.Entry<Size, FrameHub> other : renditions.others().entrySet()) {
            if (other.getValue().hasDemand()) {
                publish(other.getValue(), frameWith.apply(current.withOutputSize(other.getKey())));
            }
        }
    }

    /**
     * The JPEG of this capture at {@code size}: the camera's own JPEG when it has that size, else encoded (after a
     * decode, for a camera's JPEG of another size); each size once per frame ({@code encodedBySize}).
     */
    private byte[] render(Capture capture, byte[] passthrough, Size captured, Size size, EncodeSettings current,
                          JpegEncoder encoder, Map<Size, byte[]> encodedBySize) {
        if (passthrough != null && size.equals(captured)) {
            return passthrough;
        }
        byte[] cached = encodedBySize.get(size);
        if (cached != null) {
            return cached;
        }
        long started = System.nanoTime();
        byte[] jpeg;
        if (passthrough != null) {
            try (Mat decoded = JpegDecoder.decode(passthrough)) {
                jpeg = encoder.encode(decoded, current.withOutputSize(size));
            }
        } else {
            jpeg = encoder.encode(((Capture.Pixels) capture).bgr(), current.withOutputSize(size));
        }
        stats.recordEncode(System.nanoTime() - started);
        encodedBySize.put(size, jpeg);
        return jpeg;
    }

    private void publish(FrameHub hub, Capture capture, long sequence, Size size, byte[] jpeg) {
        publish(hub, new Frame(sequence, capture.captureNanos(), capture.captureEpochMicros(), size.width(),
                size.height(), jpeg));
    }

    private void publish(FrameHub hub, Frame frame) {
        if (frame == null) {
            return;
        }
        stats.published.increment();
        stats.publishedBytes.add(frame.size());
        hub.publish(frame);
    }
}
