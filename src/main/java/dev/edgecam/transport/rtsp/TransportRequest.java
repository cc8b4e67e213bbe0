package dev.edgecam.transport.rtsp;

import java.util.Locale;

/**
 * The one transport a client asked for in SETUP's {@code Transport} header (RFC 2326 section 12.39) that this server
 * can serve: the header lists choices by preference, separated by commas.
 *
 * <pre>
 *   Transport: RTP/AVP/TCP;unicast;interleaved=0-1
 *   Transport: RTP/AVP/TCP;unicast;interleaved=2-3     (a second stream on the same connection)
 *   Transport: RTP/AVP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=0-1
 * </pre>
 *
 * @param kind how RTP goes to the client
 * @param clientRtpPort UDP: the client's RTP port (its RTCP port is {@code clientRtcpPort})
 * @param interleavedRtp TCP: the channel the client asked for RTP ({@code interleaved=2-3}: 2), -1 when it named none
 * @param interleavedRtcp TCP: the channel it asked for RTCP ({@code interleaved=2-3}: 3; {@code interleaved=2}: 3)
 */
record TransportRequest(Kind kind, int clientRtpPort, int clientRtcpPort, int interleavedRtp, int interleavedRtcp) {

    /** The highest interleave channel: the framing's channel is one byte. */
    static final int MAX_CHANNEL = 255;

    /** A request that names no interleave channels. */
    TransportRequest(Kind kind, int clientRtpPort, int clientRtcpPort) {
        this(kind, clientRtpPort, clientRtcpPort, -1, -1);
    }

    /** The deliveries; multicast sends one stream to a camera's group for every viewer. */
    enum Kind { TCP_INTERLEAVED, UDP_UNICAST, MULTICAST }

    /**
     * The first choice of {@code header} this server can serve ({@code supported}), or null when there is none
     * (a 461 Unsupported Transport).
     */
    static TransportRequest choose(String header, java.util.Set<Kind> supported) {
        if (header == null) {
            return null;
        }
        for (String choice : header.split(",")) {
            TransportRequest request = parse(choice.trim());
            if (request != null && supported.contains(request.kind())) {
                return request;
            }
        }
        return null;
    }

    private static TransportRequest parse(String choice) {
        String[] parts = choice.split(";");
        String profile = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp = profile.equals("RTP/AVP/TCP");
        if (!tcp && !profile.equals("RTP/AVP") && !profile.equals("RTP/AVP/UDP")) {
            return null;
        }
        boolean multicast = false;
        int[] clientPorts = null;
        int[] channels = {-1, -1};
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.equals("multicast")) {
                multicast = true;
            } else if (parameter.startsWith("client_port=")) {
                clientPorts = portRange(parameter.substring("client_port=".length()));
                if (clientPorts == null) {
                    return null;
                }
            } else if (parameter.startsWith("interleaved=")) {
                channels = channelRange(parameter.substring("interleaved=".length()));
            } else if (parameter.startsWith("mode=") && !parameter.matches("mode=\"?play\"?")) {
                return null; // RECORD: a client that wants to send us video
            }
        }
        if (tcp) {
            return multicast ? null : new TransportRequest(Kind.TCP_INTERLEAVED, -1, -1, channels[0], channels[1]);
        }
        if (multicast) {
            return new TransportRequest(Kind.MULTICAST, -1, -1);
        }
        return clientPorts == null ? null : new TransportRequest(Kind.UDP_UNICAST, clientPorts[0], clientPorts[1]);
    }

    /**
     * {@code a-b} or {@code a} (then RTCP is a + 1), two different channels 0..255; {@code -1, -1} when not (the server
     * then picks, as for a request that names none).
     */
    private static int[] channelRange(String text) {
        try {
            String[] bounds = text.split("-");
            int rtp = Integer.parseInt(bounds[0].trim());
            int rtcp = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : rtp + 1;
            return rtp >= 0 && rtcp >= 0 && rtp <= MAX_CHANNEL && rtcp <= MAX_CHANNEL && rtp != rtcp
                    ? new int[] {rtp, rtcp} : new int[] {-1, -1};
        } catch (NumberFormatException e) {
            return new int[] {-1, -1};
        }
    }

    /** {@code a-b} or {@code a} (then RTCP is a + 1), each a port 1..65535; null when not. */
    private static int[] portRange(String text) {
        try {
            String[] bounds = text.split("-");
            int rtp = Integer.parseInt(bounds[0].trim());
            int rtcp = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : rtp + 1;
            return rtp >= 1 && rtp <= 65535 && rtcp >= 1 && rtcp <= 65535 ? new int[] {rtp, rtcp} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
