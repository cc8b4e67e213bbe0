package dev.edgecam.transport.rtsp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The interleave channels of one RTSP connection's TCP sessions (RFC 2326 section 12.39, RFC 7826 section 18.54): the
 * client proposes a pair in SETUP ({@code interleaved=2-3}) and the server answers the pair it will use. Some clients
 * (NVRs) take their own numbers whatever the answer says, and a client showing two cameras on one connection needs
 * two pairs, so the pair asked for is the one used when no other session of the connection has it; a request naming
 * none, or one already taken, gets the lowest free even pair (0-1 for the first).
 */
final class InterleavedChannels {

    private InterleavedChannels() {
    }

    /** {RTP channel, RTCP channel} for a new TCP session of the connection whose sessions are {@code sessions}. */
    static int[] choose(TransportRequest request, List<RtspSession> sessions) {
        Set<Integer> used = new HashSet<>();
        for (RtspSession session : sessions) {
            if (session.delivery() instanceof TcpInterleavedDelivery tcp) {
                used.add(tcp.rtpChannel());
                used.add(tcp.rtcpChannel());
            }
        }
        int rtp = request.interleavedRtp();
        int rtcp = request.interleavedRtcp();
        if (rtp >= 0 && !used.contains(rtp) && !used.contains(rtcp)) {
            return new int[] {rtp, rtcp};
        }
        for (int pair = 0; pair < TransportRequest.MAX_CHANNEL; pair += 2) {
            if (!used.contains(pair) && !used.contains(pair + 1)) {
                return new int[] {pair, pair + 1};
            }
        }
        // a connection holds at most RtspConnectionHandler.MAX_SESSIONS_PER_CONNECTION sessions: never reached
        throw new IllegalStateException("no free interleave channel pair among " + used.size() + " channels in use");
    }

    /**
     * The sessions an interleaved packet on {@code channel} is RTCP for: the TCP session whose RTCP channel it is, else
     * (a client sending its reports on some other odd channel, as before channels were honoured) every session of the
     * connection when the channel is odd; none for an even channel (a client's RTP: ignored).
     */
    static List<RtspSession> receiversOf(int channel, List<RtspSession> sessions) {
        List<RtspSession> owners = sessions.stream()
                .filter(session -> session.delivery() instanceof TcpInterleavedDelivery tcp && tcp.rtcpChannel() == channel)
                .toList();
        return !owners.isEmpty() ? owners : channel % 2 == 1 ? sessions : List.of();
    }
}
