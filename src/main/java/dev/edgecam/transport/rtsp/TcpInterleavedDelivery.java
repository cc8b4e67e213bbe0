package dev.edgecam.transport.rtsp;

import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.GopPump;
import io.netty.channel.Channel;

/**
 * RTP interleaved in the client's RTSP connection ({@code RTP/AVP/TCP;interleaved=0-1}): the RTP channel (the one the
 * client asked for, {@link InterleavedChannels}) carries the camera's shared packet buffers framed for that channel,
 * one write per frame through a {@link GopPump} (one write in flight, so a client slower than the camera falls behind
 * in the hub and skips to its next keyframe, never queueing), the RTCP channel the sender reports.
 */
final class TcpInterleavedDelivery implements RtpDelivery {

    /** The channels of a client that names none: RTP on 0, RTCP on 1. */
    static final int RTP_CHANNEL = 0;
    static final int RTCP_CHANNEL = 1;

    private final Channel channel;
    private final RtpStream stream;
    private final ClientInfo client;
    private final int rtpChannel;
    private final int rtcpChannel;
    private final PacketCounts counts = new PacketCounts();
    private GopPump pump;

    TcpInterleavedDelivery(Channel channel, RtpStream stream, ClientInfo client) {
        this(channel, stream, client, RTP_CHANNEL, RTCP_CHANNEL);
    }

    TcpInterleavedDelivery(Channel channel, RtpStream stream, ClientInfo client, int rtpChannel, int rtcpChannel) {
        this.channel = channel;
        this.stream = stream;
        this.client = client;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
    }

    int rtpChannel() {
        return rtpChannel;
    }

    int rtcpChannel() {
        return rtcpChannel;
    }

    @Override
    public String transportReply() {
        return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + rtcpChannel + ";ssrc="
                + String.format("%08X", stream.ssrc());
    }

    @Override
    public void play() {
        if (pump == null) {
            pump = new GopPump(channel, stream.hub(), client, frame -> {
                InterleavedPacket packets = new InterleavedPacket(rtpChannel, stream.packets(frame, rtpChannel));
                counts.add(packets.content());
                return packets;
            });
            pump.start();
        }
    }

    @Override
    public void pause() {
        if (pump != null) {
            pump.stop();
            pump = null;
        }
    }

    @Override
    public void sendRtcp(byte[] packet) {
        if (channel.isWritable()) { // a stalled client gets no pile of reports beside its one frame in flight
            channel.writeAndFlush(InterleavedPacket.framed(rtcpChannel, packet), channel.voidPromise());
        }
    }

    @Override
    public long packetsSent() {
        return counts.packets();
    }

    @Override
    public long payloadBytesSent() {
        return counts.payloadBytes();
    }

    @Override
    public void close() {
        pause();
    }
}
