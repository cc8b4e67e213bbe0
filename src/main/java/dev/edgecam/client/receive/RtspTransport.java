package dev.edgecam.client.receive;

import java.util.Locale;

/**
 * How an RTSP stream's RTP packets travel. TCP (interleaved in the RTSP connection) is the default: it passes NAT
 * and firewalls that drop the server's UDP packets to the client's ports, and loses nothing on a busy Wi-Fi (late
 * rather than missing). UDP has no head-of-line blocking, so a lost packet costs one picture, not a stall.
 */
public enum RtspTransport {
    TCP, UDP;

    /** FFmpeg's {@code rtsp_transport} value. */
    public String ffmpegName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
