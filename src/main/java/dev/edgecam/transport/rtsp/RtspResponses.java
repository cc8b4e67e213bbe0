package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.wire.rtp.NalUnits;
import dev.edgecam.wire.rtp.Sdp;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** RTSP responses as this server writes them: the request's CSeq echoed, a Server header, a Content-Length. */
final class RtspResponses {

    static final String SERVER = "edgecam";
    /** The methods this server answers (OPTIONS' {@code Public}, a 405's {@code Allow}). */
    static final String METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER";
    static final HttpResponseStatus SESSION_NOT_FOUND = RtspResponseStatuses.SESSION_NOT_FOUND;
    static final HttpResponseStatus METHOD_NOT_VALID = RtspResponseStatuses.METHOD_NOT_VALID;
    static final HttpResponseStatus AGGREGATE_NOT_ALLOWED = RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED;
    static final HttpResponseStatus UNSUPPORTED_TRANSPORT = RtspResponseStatuses.UNSUPPORTED_TRANSPORT;

    private RtspResponses() {
    }

    /** A response with no body. */
    static FullHttpResponse of(HttpResponseStatus status, String cseq) {
        return of(status, cseq, null, null);
    }

    /** A response with a text body ({@code contentType} null: plain text, for a person reading an error). */
    static FullHttpResponse of(HttpResponseStatus status, String cseq, String body, String contentType) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status,
                Unpooled.wrappedBuffer(bytes));
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        if (bytes.length > 0) {
            response.headers().set(RtspHeaderNames.CONTENT_TYPE,
                    contentType == null ? "text/plain; charset=utf-8" : contentType);
        }
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    /** An error a person may read: the status and one line saying why and what to do. */
    static FullHttpResponse error(HttpResponseStatus status, String cseq, String why) {
        return of(status, cseq, why.endsWith("\r\n") ? why : why + "\r\n", null);
    }

    /**
     * DESCRIBE's answer: the SDP with the SPS and PPS of {@code keyframe}, or 503 when none came within {@code waited}.
     */
    static FullHttpResponse describe(RtspTarget target, String cseq, Frame keyframe, Duration waited) {
        byte[] sps = keyframe == null ? null : NalUnits.first(keyframe.bytes(), NalUnits.TYPE_SPS);
        byte[] pps = keyframe == null ? null : NalUnits.first(keyframe.bytes(), NalUnits.TYPE_PPS);
        if (sps == null || sps.length < 4 || pps == null) {
            return error(HttpResponseStatus.SERVICE_UNAVAILABLE, cseq, "camera " + target.camera().id()
                    + " has sent no H.264 keyframe within " + waited.toMillis() + " ms (offline, or no H.264"
                    + " source); see /state, and try again");
        }
        String sdp = Sdp.h264(target.camera().id(), keyframe.captureEpochMicros() / 1_000_000, sps, pps,
                RtspTarget.TRACK_CONTROL, Sdp.ANY_ADDRESS, 0);
        FullHttpResponse response = of(HttpResponseStatus.OK, cseq, sdp, "application/sdp");
        response.headers().set(RtspHeaderNames.CONTENT_BASE, target.base());
        return response;
    }

    /** 461 for a Transport header none of whose choices this server serves, naming those it does. */
    static FullHttpResponse unsupportedTransport(String cseq, String asked) {
        return error(UNSUPPORTED_TRANSPORT, cseq, "serves RTP/AVP/TCP;unicast;interleaved=0-1,"
                + " RTP/AVP;unicast;client_port=A-B and RTP/AVP;multicast, not " + asked);
    }

    /** A login's refusal: its status, with the challenges to answer and how long to wait before trying again. */
    static FullHttpResponse refused(RtspLogin.Answer answer, String cseq) {
        FullHttpResponse response = of(HttpResponseStatus.valueOf(answer.status()), cseq);
        if (!answer.wwwAuthenticate().isEmpty()) {
            response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, answer.wwwAuthenticate());
        }
        if (answer.retryAfterSeconds() > 0) {
            response.headers().set("Retry-After", answer.retryAfterSeconds());
        }
        return response;
    }
}
