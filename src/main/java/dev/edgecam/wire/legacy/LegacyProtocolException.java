package dev.edgecam.wire.legacy;

import java.io.IOException;

/** The peer broke the legacy framing: a length of 0 or above the maximum, or a frame cut short. */
public class LegacyProtocolException extends IOException {

    public LegacyProtocolException(String message) {
        super(message);
    }
}
