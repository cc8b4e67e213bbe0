package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.FfmpegCli;
import dev.edgecam.testing.GstRtspServer;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code snapshot} and {@code record} with {@code rtsp://} URLs, against GStreamer's gst-rtsp-server (an RTSP stack
 * nobody here wrote), over TCP and UDP; the files are checked with Debian's ffprobe and ffmpeg.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspClientCommandTest {

    /** An H.264 file (libx264, 1280x720, 30 fps, a keyframe a second) that gst-rtsp-server plays to each viewer from its start. */
    static Path source;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeSourceFile() throws Exception {
        source = shared.resolve("source.mkv");
        FfmpegCli.ffmpeg("-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "8",
                "-c:v", "libx264", "-g", "30", "-bf", "0", "-pix_fmt", "yuv420p", "-profile:v", "baseline", source.toString());
    }

    /** The source file served unshared, so every viewer gets it from its first keyframe. */
    static GstRtspServer fileServer(Path dir) throws Exception {
        return GstRtspServer.start(dir, "( filesrc location=" + source + " ! matroskademux ! h264parse ! rtph264pay name=pay0 pt=96 )",
                false, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void snapshotIsTheFirstPictureAsA720pJpeg(String transport) throws Exception {
        Path file = dir.resolve("shot.jpg");
        try (GstRtspServer server = GstRtspServer.start(dir)) {
            CommandRun run = new CommandRun();
            int code = run.execute("snapshot", server.url(), "--rtsp-transport", transport, "-o", file.toString());

            assertThat(code).as(run.err()).isZero();
            BufferedImage picture = ImageIO.read(file.toFile());
            assertThat(picture).as("a JPEG that decodes").isNotNull();
            assertThat(picture.getWidth()).isEqualTo(1280);
            assertThat(picture.getHeight()).isEqualTo(720);
            assertThat(run.out()).contains("saved 1280x720 JPEG");
        }
    }

    @Test
    void snapshotToAPngNameSavesTheDecodedPictureAsPng() throws Exception {
        Path file = dir.resolve("shot.png");
        try (GstRtspServer server = GstRtspServer.start(dir)) {
            CommandRun run = new CommandRun();
            int code = run.execute("snapshot", server.url(), "-o", file.toString());

            assertThat(code).as(run.err()).isZero();
            assertThat(run.out()).contains("saved 1280x720 PNG");
        }
        byte[] signature = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(file), 8);
        assertThat(signature).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        BufferedImage picture = ImageIO.read(file.toFile());
        assertThat(picture.getWidth()).isEqualTo(1280);
        assertThat(picture.getHeight()).isEqualTo(720);
    }

    @ParameterizedTest
    @CsvSource({"tcp, clip.mp4", "udp, clip.mkv", "tcp, clip.mkv", "udp, clip.mp4"})
    void recordStreamCopiesFiveSecondsOfTheServersH264(String transport, String name) throws Exception {
        Path file = dir.resolve(name);
        try (GstRtspServer server = fileServer(dir)) {
            CommandRun run = new CommandRun();
            int code = run.execute("record", server.url(), "--rtsp-transport", transport, "--duration", "5s", "-o", file.toString());

            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("stream copy").contains("reached the duration: saved 150 frames");
        }
        assertThat(FfmpegCli.stream(file, "codec_name")).isEqualTo("h264");
        assertThat(FfmpegCli.stream(file, "width,height")).isEqualTo("1280,720");
        assertThat(FfmpegCli.countFrames(file)).isEqualTo(150);
        assertThat(FfmpegCli.duration(file)).isBetween(4.9, 5.1);
        assertThat(FfmpegCli.decodeErrors(file)).isEmpty();
        // Stream copy: the packets are the source file's, byte for byte, from its first keyframe on. An encoder
        // anywhere on the way would change every one.
        List<String> recorded = FfmpegCli.packetHashes(file);
        assertThat(recorded).hasSize(150).isEqualTo(FfmpegCli.packetHashes(source).subList(0, 150));
        assertThat(recorded.get(0)).as("starts at a keyframe").contains(",K");
    }

    @Test
    void recordStopsAfterTheFramesAsked() throws Exception {
        Path file = dir.resolve("frames.mkv");
        try (GstRtspServer server = fileServer(dir)) {
            CommandRun run = new CommandRun();
            int code = run.execute("record", server.url(), "--frames", "45", "-o", file.toString());

            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("recorded 45 frames: saved 45 frames");
        }
        assertThat(FfmpegCli.countFrames(file)).isEqualTo(45);
    }

    @Test
    void aPortNobodyListensOnIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        for (String command : List.of("snapshot", "record")) {
            CommandRun run = new CommandRun();
            int code = run.execute(command, "rtsp://127.0.0.1:" + port + "/stream", "-o", dir.resolve(command + ".mkv").toString());

            assertThat(code).isEqualTo(1);
            assertThat(run.err().strip()).doesNotContain("\n").contains("connection refused");
        }
        assertThat(dir.resolve("record.mkv")).doesNotExist();
    }

    @Test
    void aServerThatNeverAnswersIsOneLineWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandRun run = new CommandRun();
            long started = System.nanoTime();
            int code = run.execute("snapshot", "rtsp://127.0.0.1:" + silent.getLocalPort() + "/stream",
                    "--connect-timeout", "2s", "--read-timeout", "2s", "-o", dir.resolve("x.jpg").toString());

            assertThat(code).isEqualTo(1);
            assertThat(run.err().strip()).doesNotContain("\n").contains("no RTSP answer from rtsp://127.0.0.1:" + silent.getLocalPort());
            assertThat(System.nanoTime() - started).as("gives up after its timeout, not never").isLessThan(TimeUnit.SECONDS.toNanos(30));
        }
    }

    @Test
    void rtspsStartsWithATlsHandshakeAndRefusesTrustFlagsItCannotApply() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            java.util.concurrent.CompletableFuture<Integer> firstByte = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket client = server.accept()) {
                    return client.getInputStream().read();
                } catch (java.io.IOException e) {
                    return -2;
                }
            });
            CommandRun run = new CommandRun();
            int code = run.execute("snapshot", "rtsps://127.0.0.1:" + server.getLocalPort() + "/stream", "--connect-timeout", "2s",
                    "--read-timeout", "2s", "-o", dir.resolve("x.jpg").toString());

            assertThat(code).isEqualTo(1);
            assertThat(firstByte.get(20, TimeUnit.SECONDS)).as("a TLS handshake record").isEqualTo(0x16);
        }
        CommandRun pinned = new CommandRun();
        assertThat(pinned.execute("snapshot", "rtsps://127.0.0.1:1/stream", "--tls-pin", "AB")).isEqualTo(2);
        assertThat(pinned.err()).contains("--tls-pin and --tls-ca apply to https:// servers only");
    }

    @Test
    void wrongOrMissingCredentialsAreA401InOneLine() throws Exception {
        try (GstRtspServer server = GstRtspServer.start(dir, GstRtspServer.BALL_720P, true, "viewer", "s3cret")) {
            CommandRun wrong = new CommandRun();
            assertThat(wrong.execute("snapshot", server.url("viewer", "nope"), "-o", dir.resolve("a.jpg").toString())).isEqualTo(1);
            assertThat(wrong.err().strip()).doesNotContain("\n").contains("401 Unauthorized: wrong user name or password")
                    .doesNotContain("nope");

            CommandRun missing = new CommandRun();
            assertThat(missing.execute("record", server.url(), "-o", dir.resolve("b.mkv").toString())).isEqualTo(1);
            assertThat(missing.err().strip()).doesNotContain("\n").contains("401 Unauthorized: it wants a login");

            CommandRun right = new CommandRun();
            assertThat(right.execute("snapshot", server.url("viewer", "s3cret"), "-o", dir.resolve("c.jpg").toString()))
                    .as(right.err()).isZero();
        }
    }
}
