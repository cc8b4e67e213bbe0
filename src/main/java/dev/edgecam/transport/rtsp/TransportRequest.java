package dev.edgecam.transport.rtsp;

import java.util.Locale;

/**
 * The one transport a client asked for in SETUP's {@code Transport} header (RFC 2326 section 12.39) that this server
 * can serve: the header lists choices by preference, separated by commas.
 *
 * <pre>
 *   Transport: RTP/AVP/TCP;unicast;interleaved=0-1
 *   Transport: RTP/AVP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=0-1
 * </pre>
 *
 * @param kind how RTP goes to the client
 * @param clientRtpPort UDP: the client's RTP port (its RTCP port is {@code clientRtcpPort})
 */
record TransportRequest(Kind kind, int clientRtpPort, int clientRtcpPort) {

    /** The deliveries; multicast is the third to come (one stream to a camera's group for every viewer). */
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
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.equals("multicast")) {
                multicast = true;
            } else if (parameter.startsWith("client_port=")) {
                clientPorts = portRange(parameter.substring("client_port=".length()));
                if (clientPorts == null) {
                    return null;
                }
            } else if (parameter.startsWith("mode=") && !parameter.matches("mode=\"?play\"?")) {
                return null; // RECORD: a client that wants to send us video
            }
        }
        if (tcp) {
            return multicast ? null : new TransportRequest(Kind.TCP_INTERLEAVED, -1, -1);
        }
        if (multicast) {
            return new TransportRequest(Kind.MULTICAST, -1, -1);
        }
        return clientPorts == null ? null : new TransportRequest(Kind.UDP_UNICAST, clientPorts[0], clientPorts[1]);
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
