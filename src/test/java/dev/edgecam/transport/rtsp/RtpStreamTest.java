package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.testing.H264Units;
import dev.edgecam.wire.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

/** A frame is packetized once for every client; its packets are released when a keyframe ends its GOP. */
class RtpStreamTest {

    @Test
    void everyClientGetsTheSamePacketsAndSequencesRunOnAcrossFrames() {
        RtpStream stream = new RtpStream(new GopHub(GopHub.Limits.DEFAULT));
        Frame key = H264Units.frame(1, true, 3000);
        Frame next = H264Units.frame(2, false, 100);
        ByteBuf first = stream.packets(key);
        ByteBuf again = stream.packets(key);
        assertThat(ByteBufUtil.getBytes(again)).isEqualTo(ByteBufUtil.getBytes(first));
        assertThat(again.memoryAddress() == first.memoryAddress() || !first.hasMemoryAddress())
                .as("the same bytes, not a copy").isTrue();
        int packets = countPackets(first);
        assertThat(packets).as("SPS, PPS and a 3 KB slice in 3 FU-A fragments").isEqualTo(5);
        ByteBuf following = stream.packets(next);
        assertThat(RtpStream.firstSequence(following)).isEqualTo((RtpStream.firstSequence(first) + packets) & 0xffff);
        assertThat(RtpStream.timestamp(following) - RtpStream.timestamp(first)).as("33 ms at 90 kHz").isEqualTo(2970);
        first.release();
        again.release();
        following.release();
        stream.close();
    }

    @Test
    void aKeyframeReleasesTheGopBeforeIt() {
        RtpStream stream = new RtpStream(new GopHub(GopHub.Limits.DEFAULT));
        ByteBuf old = stream.packets(H264Units.frame(1, true, 10));
        old.release();
        assertThat(old.refCnt()).as("the cache still holds it").isEqualTo(1);
        stream.packets(H264Units.frame(2, true, 10)).release();
        assertThat(old.refCnt()).as("released with its GOP").isZero();
        stream.close();
    }

    @Test
    void udpPacketsOutliveTheCacheAndAClosedStreamLeavesTheCallerTheLastReference() {
        RtpStream stream = new RtpStream(new GopHub(GopHub.Limits.DEFAULT));
        UdpPackets cached = stream.udpPackets(H264Units.frame(1, true, 3000));
        stream.close();
        assertThat(cached.packetCount()).as("SPS, PPS and 3 FU-A fragments, still the caller's").isEqualTo(5);
        cached.release();
        assertThatThrownBy(cached::release).as("the cache's reference went with close()")
                .isInstanceOf(IllegalReferenceCountException.class);

        UdpPackets uncached = stream.udpPackets(H264Units.frame(2, true, 3000));
        uncached.release();
        assertThatThrownBy(uncached::release).as("a closed stream keeps nothing")
                .isInstanceOf(IllegalReferenceCountException.class);
        ByteBuf framed = stream.packets(H264Units.frame(3, true, 10));
        assertThat(framed.refCnt()).as("the caller's is the only reference").isEqualTo(1);
        framed.release();
    }

    @Test
    void anotherChannelGetsOneCopyWhoseOnlyDifferenceIsTheChannelByte() {
        RtpStream stream = new RtpStream(new GopHub(GopHub.Limits.DEFAULT));
        Frame key = H264Units.frame(1, true, 3000);
        ByteBuf zero = stream.packets(key, 0);
        ByteBuf two = stream.packets(key, 2);
        ByteBuf twoAgain = stream.packets(key, 2);
        byte[] expected = ByteBufUtil.getBytes(zero);
        for (int at = 0; at < expected.length; at += RtpStream.FRAMING_BYTES + zero.getUnsignedShort(at + 2)) {
            assertThat(expected[at]).isEqualTo((byte) '$');
            assertThat(expected[at + 1]).isZero();
            expected[at + 1] = 2;
        }
        assertThat(ByteBufUtil.getBytes(two)).isEqualTo(expected);
        assertThat(twoAgain.memoryAddress()).as("one copy per channel, shared").isEqualTo(two.memoryAddress());
        assertThat(zero.memoryAddress()).as("channel 0 is the packetized buffer itself").isNotEqualTo(two.memoryAddress());
        zero.release();
        two.release();
        twoAgain.release();
        assertThat(two.refCnt()).as("the cache holds the copy").isEqualTo(1);
        stream.packets(H264Units.frame(2, true, 10)).release();
        assertThat(two.refCnt()).as("released with its GOP").isZero();
        stream.close();
    }

    @Test
    void aFrameShownAfterItIsDecodedIsStampedWithItsPresentationTime() {
        RtpStream stream = new RtpStream(new GopHub(GopHub.Limits.DEFAULT));
        Frame key = H264Units.frame(1, true, 10);
        Frame later = Frame.h264(2, 0, key.captureEpochMicros() + 40_000, 16, 16, false,
                H264Units.frame(2, false, 10).bytes(), 80_000);
        ByteBuf first = stream.packets(key);
        ByteBuf second = stream.packets(later);
        assertThat(RtpStream.timestamp(second) - RtpStream.timestamp(first)).as("(40 + 80) ms at 90 kHz")
                .isEqualTo(10_800);
        first.release();
        second.release();
        stream.close();
    }

    private static int countPackets(ByteBuf framed) {
        int count = 0;
        for (int at = framed.readerIndex(); at < framed.writerIndex(); count++) {
            int length = framed.getUnsignedShort(at + 2);
            byte[] packet = new byte[length];
            framed.getBytes(at + RtpStream.FRAMING_BYTES, packet);
            assertThat(RtpHeader.read(packet, 0, length).payloadLength()).isLessThanOrEqualTo(1400);
            at += RtpStream.FRAMING_BYTES + length;
        }
        return count;
    }
}
