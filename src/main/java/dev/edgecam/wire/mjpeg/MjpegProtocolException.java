package dev.edgecam.wire.mjpeg;

import java.io.IOException;

/** The peer broke the MJPEG multipart format or one of the reader's bounds. */
public class MjpegProtocolException extends IOException {

    public MjpegProtocolException(String message) {
        super(message);
    }
}
