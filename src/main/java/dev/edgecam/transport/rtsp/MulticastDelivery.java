package dev.edgecam.transport.rtsp;

/**
 * One session's share of its camera's multicast stream ({@code RTP/AVP;multicast}): playing counts it as a viewer of
 * the {@link MulticastGroup}, which sends the one stream (and its sender reports) to the group for all of them. The
 * session sends nothing itself.
 */
final class MulticastDelivery implements RtpDelivery {

    private final MulticastGroup group;
    private final RtspSession session;
    private boolean joined;

    MulticastDelivery(MulticastGroup group, RtspSession session) {
        this.group = group;
        this.session = session;
    }

    @Override
    public String transportReply() {
        return group.transportReply();
    }

    @Override
    public void play() {
        if (!joined) {
            joined = true;
            group.join(session);
        }
    }

    @Override
    public void pause() {
        if (joined) {
            joined = false;
            group.leave(session);
        }
    }

    /** The group sends its own sender reports, to the group: one per stream, not one per viewer. */
    @Override
    public void sendRtcp(byte[] packet) {
    }

    @Override
    public long packetsSent() {
        return group.packetsSent();
    }

    @Override
    public long payloadBytesSent() {
        return group.payloadBytesSent();
    }

    @Override
    public void close() {
        pause();
    }
}
