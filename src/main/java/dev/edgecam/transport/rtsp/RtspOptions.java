package dev.edgecam.transport.rtsp;

import java.time.Duration;

/**
 * How the RTSP transport listens and keeps its sessions.
 *
 * @param host the address to listen on (TCP for RTSP, UDP for RTP and RTCP)
 * @param port the RTSP port; 0 picks a free one
 * @param sessionTimeout a session that sends no request, no RTCP and (over TCP) no byte for this long is ended;
 *     announced in the {@code Session} header's {@code timeout}
 * @param keyframeWait how long DESCRIBE waits for a camera's first keyframe (its SPS and PPS) before answering 503
 * @param reportInterval how often each playing client gets an RTCP sender report
 * @param login the login check of DESCRIBE, SETUP and PLAY
 */
public record RtspOptions(String host, int port, Duration sessionTimeout, Duration keyframeWait,
                          Duration reportInterval, RtspLogin login) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEYFRAME_WAIT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(1);

    public RtspOptions {
        if (sessionTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("an RTSP session timeout of " + sessionTimeout + " is under 1 s");
        }
    }

    /** The defaults: 60 s sessions, 3 s for a first keyframe, a sender report a second, no login. */
    public static RtspOptions of(String host, int port) {
        return new RtspOptions(host, port, DEFAULT_SESSION_TIMEOUT, DEFAULT_KEYFRAME_WAIT, DEFAULT_REPORT_INTERVAL,
                RtspLogin.NONE);
    }

    public RtspOptions withSessionTimeout(Duration timeout) {
        return new RtspOptions(host, port, timeout, keyframeWait, reportInterval, login);
    }

    public RtspOptions withLogin(RtspLogin newLogin) {
        return new RtspOptions(host, port, sessionTimeout, keyframeWait, reportInterval, newLogin);
    }
}
