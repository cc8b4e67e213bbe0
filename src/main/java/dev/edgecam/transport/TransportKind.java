package dev.edgecam.transport;

import java.util.Locale;

/**
 * The transports a client can be served by. {@link #label()} is the name {@code /state}, {@code /metrics} and the
 * status line show, and existing readers match on it: it must not change. A new transport adds a constant here,
 * and every listing that iterates {@link #values()} shows it at once (with 0 clients when it has none).
 */
public enum TransportKind {
    /** The legacy TCP protocol: 4-byte length + JPEG, one-byte commands. */
    TCP,
    /** The page's H.264 player over a WebSocket ({@code /h264}); its label is {@code ws}. */ WS,
    /** HTTP: MJPEG streams and snapshots. */
    HTTP,
    /** RTSP: H.264 in RTP over UDP or interleaved in the RTSP connection. */
    RTSP;

    /** The name as {@code /state} and {@code /metrics} show it: {@code tcp}, {@code http}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage name in log lines: {@code TCP}, {@code HTTP}. */
    public String logStage() {
        return name();
    }
}
