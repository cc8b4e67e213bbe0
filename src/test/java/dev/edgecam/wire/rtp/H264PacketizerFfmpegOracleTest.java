package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.H264TestStream;
import dev.edgecam.testing.ToolRun;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg's own {@code rtp} muxer as an oracle: it packetizes the same access units (its packet boundaries differ:
 * larger payloads, STAP-A aggregates), and what the depacketizer reassembles from its packets and from ours is the
 * same NAL units, access unit by access unit. Access unit delimiters are left out of the comparison (we drop them).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class H264PacketizerFfmpegOracleTest {

    private static final int UNITS = 60;

    @Test
    void ourPacketsCarryWhatFfmpegsCarry(@TempDir Path dir) throws Exception {
        List<byte[]> units = H264TestStream.accessUnits().subList(0, UNITS);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        units.forEach(stream::writeBytes);
        Path file = Files.write(dir.resolve("part.h264"), stream.toByteArray());

        List<H264Depacketizer.AccessUnit> fromFfmpeg = new ArrayList<>();
        H264Depacketizer ffmpegSide = new H264Depacketizer(fromFfmpeg::add);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setReceiveBufferSize(4 << 20);
            CompletableFuture<ToolRun> ffmpeg = CompletableFuture.supplyAsync(() -> {
                try { // -re: paced at 30 fps, so the loopback socket never overflows
                    return ToolRun.run(60, "ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "h264", "-framerate", "30",
                            "-i", file.toString(), "-c", "copy", "-f", "rtp",
                            "rtp://127.0.0.1:" + socket.getLocalPort());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            socket.setSoTimeout(3000);
            byte[] buffer = new byte[65536];
            try {
                for (int i = 0; i < 100_000 && fromFfmpeg.size() < UNITS; i++) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    ffmpegSide.accept(packet.getData(), 0, packet.getLength());
                }
            } catch (SocketTimeoutException end) {
                // ffmpeg finished; the last access unit ends with its marker bit
            }
            ToolRun run = ffmpeg.get(60, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.output()).isZero();
        }
        assertThat(ffmpegSide.packetsLost()).as("loopback lost nothing").isZero();

        List<H264Depacketizer.AccessUnit> fromUs = new ArrayList<>();
        H264Depacketizer ourSide = new H264Depacketizer(fromUs::add);
        H264Packetizer packetizer = new H264Packetizer(96, 1, 0);
        for (int i = 0; i < UNITS; i++) {
            for (byte[] packet : packetizer.packetize(units.get(i), i * 3000L).packets()) {
                assertThat(packet.length - RtpHeader.SIZE).isLessThanOrEqualTo(H264Packetizer.DEFAULT_MAX_PAYLOAD);
                ourSide.accept(packet, 0, packet.length);
            }
        }
        assertThat(fromUs).hasSize(UNITS);
        assertThat(fromFfmpeg).hasSize(UNITS);
        for (int i = 0; i < UNITS; i++) {
            assertThat(nals(fromUs.get(i).annexB())).as("access unit %d", i).isEqualTo(nals(fromFfmpeg.get(i).annexB()));
            assertThat(fromUs.get(i).keyframe()).isEqualTo(fromFfmpeg.get(i).keyframe());
        }
    }

    /** The NAL units but delimiters, as hex, for a readable difference. */
    private static List<String> nals(byte[] accessUnit) {
        return NalUnits.split(accessUnit).stream().filter(nal -> nal.type() != NalUnits.TYPE_AUD)
                .map(nal -> java.util.HexFormat.of().formatHex(nal.copy())).toList();
    }
}
