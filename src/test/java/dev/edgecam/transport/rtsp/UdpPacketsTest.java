package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.transport.NettyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A frame's RTP packets laid out for UDP: runs that segmentation offload can send, and what a receiver gets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpPacketsTest {

    @Test
    void equalSizedFragmentsMakeOneRunEndedByTheShorterLastOne() {
        UdpPackets frame = layout(packets(1414, 1414, 1414, 700));
        try {
            assertThat(frame.runCount()).isEqualTo(1);
            assertThat(frame.packetCount()).isEqualTo(4);
            assertThat(frame.payloadBytes()).isEqualTo(1414 * 3 + 700 - 4 * 12);
        } finally {
            frame.release();
        }
    }

    @Test
    void aLongerPacketOrTheRunLimitStartsANewRun() {
        // SPS and PPS (the shorter PPS ends their run), then an IDR in fragments longer than both.
        UdpPackets keyframe = layout(packets(30, 8, 1414, 1414, 500));
        List<byte[]> many = packets(new int[UdpPackets.MAX_RUN_PACKETS + 5]);
        UdpPackets big = layout(many);
        try {
            assertThat(keyframe.runCount()).isEqualTo(2);
            assertThat(big.runCount()).isGreaterThanOrEqualTo(2);
        } finally {
            keyframe.release();
            big.release();
        }
    }

    @Test
    void aReceiverGetsEveryPacketAsItsOwnDatagramInOrderWithAndWithoutSegmentation() throws Exception {
        List<byte[]> sent = packets(30, 8, 1414, 1414, 1414, 1414, 333, 1414, 90);
        try (NettyRuntime net = new NettyRuntime(1); DatagramSocket receiver = new DatagramSocket(0,
                InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5_000);
            UdpSegmentation segmentation = new UdpSegmentation(net.datagramChannelType());
            Channel channel = new Bootstrap().group(net.workers()).channel(net.datagramChannelType())
                    .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
            channel.pipeline().addFirst(segmentation);
            try {
                for (boolean segmented : new boolean[] {true, false}) {
                    List<byte[]> received = sendAndReceive(channel, sent, segmented && segmentation.on(), receiver);
                    assertThat(received).as("segmentation %s", segmented).containsExactlyElementsOf(sent);
                }
                // This machine (Linux, epoll) has segmentation, so the first round above really used it.
                assertThat(segmentation.on()).as("segmentation offload still on after real sends").isTrue();
            } finally {
                channel.close().sync();
            }
        }
    }

    @Test
    void aSegmentedSendTheKernelRefusesReachesTheHandlerWhichTurnsSegmentationOffAndNothingLeaks() throws Exception {
        try (NettyRuntime net = new NettyRuntime(1)) {
            UdpSegmentation segmentation = new UdpSegmentation(net.datagramChannelType());
            Assumptions.assumeTrue(segmentation.on() || System.getenv("CI") != null,
                    "segmentation offload needs Linux with epoll");
            assertThat(segmentation.on()).as("segmentation offload on this Linux machine").isTrue();
            Channel channel = new Bootstrap().group(net.workers()).channel(net.datagramChannelType())
                    .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
            channel.pipeline().addFirst(segmentation);
            try {
                // 200 segments: more than any kernel's UDP_MAX_SEGMENTS (64, or 128 since 6.x), so sendmmsg fails.
                ByteBuf refused = Unpooled.directBuffer(2_000).writeZero(2_000);
                channel.eventLoop().submit(() -> {
                    channel.write(new SegmentedDatagramPacket(refused, 10,
                            new InetSocketAddress("127.0.0.1", 9)), channel.voidPromise());
                    channel.flush();
                }).sync();
                for (int i = 0; i < 100 && segmentation.on(); i++) {
                    Thread.sleep(20);
                }
                assertThat(segmentation.on()).as("off after the kernel refused a segmented send").isFalse();
                assertThat(refused.refCnt()).as("the refused datagram released").isZero();
            } finally {
                channel.close().sync();
            }
        }
    }

    @Test
    void segmentedRunsReachIpv6AndIpv4ReceiversFromADualStackSocket() throws Exception {
        List<byte[]> sent = packets(30, 8, 1414, 1414, 1414, 333);
        try (NettyRuntime net = new NettyRuntime(1);
             DatagramSocket v6 = new DatagramSocket(new InetSocketAddress("::1", 0));
             DatagramSocket v4 = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            UdpSegmentation segmentation = new UdpSegmentation(net.datagramChannelType());
            Channel channel = new Bootstrap().group(net.workers()).channel(net.datagramChannelType())
                    .handler(new ChannelInboundHandlerAdapter()).bind("::", 0).sync().channel();
            channel.pipeline().addFirst(segmentation);
            try {
                for (DatagramSocket receiver : List.of(v6, v4)) {
                    receiver.setSoTimeout(5_000);
                    List<byte[]> received = sendAndReceive(channel, sent, segmentation.on(), receiver);
                    assertThat(received).as("to %s", receiver.getLocalSocketAddress()).containsExactlyElementsOf(sent);
                }
                assertThat(segmentation.on() || !new UdpSegmentation(net.datagramChannelType()).on())
                        .as("no send failed").isTrue();
            } finally {
                channel.close().sync();
            }
        }
    }

    /** Lays {@code packets} out as {@link RtpStream} keeps them ({@code $}-framed), then for UDP. */
    private static UdpPackets layout(List<byte[]> packets) {
        ByteBuf framed = Unpooled.buffer();
        for (byte[] packet : packets) {
            framed.writeByte('$').writeByte(0).writeShort(packet.length).writeBytes(packet);
        }
        try {
            return UdpPackets.fromInterleaved(framed);
        } finally {
            framed.release();
        }
    }

    /** Sends {@code sent} as one frame on the channel's event loop and reads as many datagrams at {@code receiver}. */
    private static List<byte[]> sendAndReceive(Channel channel, List<byte[]> sent, boolean segmented,
                                               DatagramSocket receiver) throws Exception {
        UdpPackets frame = layout(sent);
        InetSocketAddress to = (InetSocketAddress) receiver.getLocalSocketAddress();
        channel.eventLoop().submit(() -> {
            frame.writeTo(channel, to, segmented);
            channel.flush();
            frame.release();
        }).sync();
        List<byte[]> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            DatagramPacket datagram = new DatagramPacket(new byte[2048], 2048);
            receiver.receive(datagram);
            received.add(Arrays.copyOf(datagram.getData(), datagram.getLength()));
        }
        return received;
    }

    /** RTP-like packets of these sizes, each filled with its own index so that order and bounds show. */
    private static List<byte[]> packets(int... sizes) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] packet = new byte[sizes[i] == 0 ? 1414 : sizes[i]];
            Arrays.fill(packet, (byte) i);
            packets.add(packet);
        }
        return packets;
    }
}
