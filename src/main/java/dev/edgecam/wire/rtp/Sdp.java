package dev.edgecam.wire.rtp;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SDP (RFC 8866) of one H.264 video stream as RTSP's DESCRIBE answers it (RFC 6184 section 8 for the H.264
 * parameters), and the few fields a client needs read back from one.
 *
 * <pre>
 * v=0
 * o=- 1700000000 1 IN IP4 0.0.0.0
 * s=edgecam cam1
 * c=IN IP4 0.0.0.0                 (unicast: the address is in SETUP; multicast: c=IN IP4 239.1.2.3/16)
 * t=0 0
 * a=control:*
 * a=range:npt=now-
 * m=video 0 RTP/AVP 96             (multicast: the group's port)
 * a=rtpmap:96 H264/90000
 * a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9kA...,aM4PyA==
 * a=control:trackID=0
 * </pre>
 */
public final class Sdp {

    public static final int PAYLOAD_TYPE = 96;
    /** The unicast connection line's address: the real one is agreed in SETUP. */
    public static final String ANY_ADDRESS = "0.0.0.0";

    /**
     * What a client reads from an SDP.
     *
     * @param sps the sequence parameter set (NAL unit, no start code), or null when the SDP has none
     * @param pps the picture parameter set, or null
     * @param control the media's {@code a=control} (relative or absolute), or null
     */
    public record H264Media(int payloadType, byte[] sps, byte[] pps, String control) {
    }

    private Sdp() {
    }

    /**
     * The SDP of one H.264 stream.
     *
     * @param sessionName the {@code s=} line (a camera's id)
     * @param sps the stream's sequence parameter set, a NAL unit without start code (its bytes 1 to 3 are the
     *            profile-level-id)
     * @param pps the stream's picture parameter set
     * @param control the media's control URL, relative to the session's (such as {@code trackID=0})
     * @param connection {@link #ANY_ADDRESS} for unicast, or a multicast group with its TTL ({@code 239.1.2.3/16})
     * @param port 0 for unicast, the group's RTP port for multicast
     */
    public static String h264(String sessionName, long sessionId, byte[] sps, byte[] pps, String control,
                              String connection, int port) {
        if (sps == null || sps.length < 4) {
            throw new IllegalArgumentException("an H.264 SDP needs the stream's SPS (at least 4 bytes) for its"
                    + " profile-level-id; got " + (sps == null ? "none" : sps.length + " bytes"));
        }
        if (pps == null || pps.length == 0) {
            throw new IllegalArgumentException("an H.264 SDP needs the stream's PPS for sprop-parameter-sets");
        }
        Base64.Encoder base64 = Base64.getEncoder();
        String profileLevelId = HexFormat.of().formatHex(sps, 1, 4);
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN IP4 " + ANY_ADDRESS + "\r\n"
                + "s=" + sessionName + "\r\n"
                + "c=IN IP4 " + connection + "\r\n"
                + "t=0 0\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=now-\r\n"
                + "m=video " + port + " RTP/AVP " + PAYLOAD_TYPE + "\r\n"
                + "a=rtpmap:" + PAYLOAD_TYPE + " H264/" + RtpClock.RATE_HZ + "\r\n"
                + "a=fmtp:" + PAYLOAD_TYPE + " packetization-mode=1;profile-level-id=" + profileLevelId
                + ";sprop-parameter-sets=" + base64.encodeToString(sps) + "," + base64.encodeToString(pps) + "\r\n"
                + "a=control:" + control + "\r\n";
    }

    /**
     * Reads the first H.264 video media of {@code sdp}: its payload type, parameter sets and control.
     *
     * @throws IllegalArgumentException when the SDP has no H.264 video media, naming what it offers
     */
    public static H264Media parseH264(String sdp) {
        boolean inVideo = false;
        int payloadType = -1;
        byte[] sps = null;
        byte[] pps = null;
        String control = null;
        StringBuilder offered = new StringBuilder();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (payloadType >= 0) {
                    break; // the H.264 media ended
                }
                inVideo = line.startsWith("m=video");
                offered.append(offered.isEmpty() ? "" : "; ").append(line);
            } else if (inVideo && line.startsWith("a=rtpmap:")
                    && line.toUpperCase(Locale.ROOT).contains(" H264/")) {
                payloadType = Integer.parseInt(line.substring(9, line.indexOf(' ')).strip());
            } else if (inVideo && line.startsWith("a=fmtp:")) {
                for (String parameter : line.substring(line.indexOf(' ') + 1).split(";")) {
                    String[] pair = parameter.strip().split("=", 2);
                    if (pair.length == 2 && pair[0].equalsIgnoreCase("sprop-parameter-sets")) {
                        String[] sets = pair[1].split(",");
                        Base64.Decoder base64 = Base64.getDecoder();
                        sps = base64.decode(sets[0].strip());
                        pps = sets.length > 1 ? base64.decode(sets[1].strip()) : null;
                    }
                }
            } else if (inVideo && line.startsWith("a=control:")) {
                control = line.substring(10);
            }
        }
        if (payloadType < 0) {
            throw new IllegalArgumentException("the SDP offers no H.264 video (a=rtpmap:N H264/90000); it offers: "
                    + (offered.isEmpty() ? "no media" : offered));
        }
        return new H264Media(payloadType, sps, pps, control);
    }
}
