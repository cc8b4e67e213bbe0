package dev.edgecam.hub;

import dev.edgecam.encode.H264Decoder;
import dev.edgecam.source.Capture;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pictures of a camera whose own H.264 is passed through, for its JPEG renditions (MJPEG, snapshot, legacy TCP):
 * decoded only while one of them is watched. The decoder opens at the first keyframe after JPEG demand starts (a
 * picture before it could not be decoded), is fed every access unit while the demand lasts, and closes when it ends.
 * A decode failure is logged once per streak and the decoder restarts at the next keyframe. Capture thread only.
 */
final class H264DecodeForJpeg implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H264DecodeForJpeg.class);

    private H264Decoder decoder;
    private boolean failing;
    private volatile long decoderOpens;

    /**
     * The picture of {@code packet} when {@code jpegWanted}, else null (and the decoder is closed). The picture is
     * the decoder's, valid until the next call.
     */
    Mat picture(Capture.Encoded packet, boolean jpegWanted) {
        if (!jpegWanted) {
            close();
            return null;
        }
        try {
            if (decoder == null) {
                if (!packet.keyframe()) {
                    return null;
                }
                decoder = new H264Decoder();
                decoderOpens++;
            }
            Mat picture = decoder.decode(packet.bytes());
            failing = false;
            return picture;
        } catch (RuntimeException e) {
            if (!failing) {
                log.error("DECODE: the camera's H.264 cannot be decoded for its JPEG viewers ({}); trying again at"
                        + " the next keyframe", e.getMessage());
                failing = true;
            }
            close();
            return null;
        }
    }

    /** How many times a decoder was opened (once per period of JPEG demand). */
    long decoderOpens() {
        return decoderOpens;
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
