package dev.edgecam.wire.rtp;

/** An RTP or RTCP packet that does not follow its RFC; the message says which field and why. */
public final class RtpFormatException extends IllegalArgumentException {

    public RtpFormatException(String message) {
        super(message);
    }
}
