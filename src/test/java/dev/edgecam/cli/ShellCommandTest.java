package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.client.shell.LegacyShell;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.FakeOriginalServer;
import dev.edgecam.testing.OriginalServer;
import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.ServedFrames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code edgecam shell} driven in-process through a pipe, as a person types, against both kinds of server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theOriginalSessionAgainstTheOriginalServer() throws Exception {
        try (FakeOriginalServer server = FakeOriginalServer.start();
             PipedOutputStream keyboard = new PipedOutputStream()) {
            CommandRun run = shellReading(new PipedInputStream(keyboard));
            CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() -> run.execute(
                    "127.0.0.1:" + server.port(), "--no-window", "-d", dir.toString()));

            await().atMost(WAIT).until(() -> run.out().startsWith(LegacyShell.PROMPT));
            type(keyboard, "0");
            await().atMost(WAIT).until(() -> run.out().contains("image: 160x120"));
            type(keyboard, "0"); // the original server sends it only because the shell confirmed the first
            await().atMost(WAIT).until(() -> count(run.out(), "image: 160x120") == 2);
            type(keyboard, "3");
            await().atMost(WAIT).until(() -> run.out().contains("streaming; recording to"));
            // The progress line counts the frames recorded so far.
            await().atMost(WAIT).until(() -> run.out().matches("(?s).*\\r\\S+\\.avi  \\d\\d:\\d\\d:\\d\\d  [1-9]\\d+ frames.*"));
            type(keyboard, "q");
            await().atMost(WAIT).until(() -> run.out().contains("frames,"));
            type(keyboard, "x");
            type(keyboard, "2");

            assertThat(session.get(30, TimeUnit.SECONDS)).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("unknown command 'x': type 0, 1, 2 or 3").endsWith("bye" + System.lineSeparator());
            assertThat(count(run.out(), LegacyShell.PROMPT)).isEqualTo(5); // the q went to the stream, not to a prompt
            await().atMost(WAIT).until(server::isShutDown);
            // 0 and 1 per image, 3 alone to stream, q and 1 to stop (the original server waits for that 1), 2 to leave.
            assertThat(server.commands()).startsWith("01013q12");

            List<Path> images = files("image_");
            assertThat(images).hasSize(2);
            assertThat(Files.readAllBytes(images.get(0))).isIn(server.picture(0), server.picture(1));
            List<Path> videos = files("video_stream_");
            assertThat(videos).hasSize(1);
            assertThat(videos.get(0).getFileName().toString()).matches("video_stream_\\d{13}\\.avi");
            Recordings video = Recordings.decode(videos.get(0));
            assertThat(video.frames()).isGreaterThanOrEqualTo(10);
            assertThat(video.width()).isEqualTo(160);
            assertThat(video.codec()).isEqualTo("mjpeg");
        }
    }

    @Test
    void theOriginalSessionAgainstTheRealOriginalPythonServer() throws Exception {
        try (OriginalServer server = OriginalServer.start(dir, 640, 480, 30);
             PipedOutputStream keyboard = new PipedOutputStream()) {
            CommandRun run = shellReading(new PipedInputStream(keyboard));
            CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() -> run.execute(
                    server.address(), "--no-window", "-d", dir.toString()));

            await().atMost(WAIT).until(() -> run.out().startsWith(LegacyShell.PROMPT));
            type(keyboard, "0");
            await().atMost(WAIT).until(() -> run.out().contains("image: 640x480"));
            type(keyboard, "3");
            await().atMost(WAIT).until(() -> run.out().matches("(?s).*\\r\\S+\\.avi  \\d\\d:\\d\\d:\\d\\d  [1-9]\\d+ frames.*")
                    || run.out().contains("edgecam:"));
            type(keyboard, "q");
            await().atMost(WAIT).until(() -> run.out().contains(" frames, ") || run.out().contains("edgecam:"));
            // After q the original server sends no single frame until it gets a 1: the shell sent one.
            type(keyboard, "0");
            await().atMost(WAIT).until(() -> count(run.out(), "image: 640x480") == 2 || run.out().contains("edgecam:"));
            type(keyboard, "2");

            assertThat(session.get(60, TimeUnit.SECONDS)).as(run.out() + run.err()).isZero();
            assertThat(count(run.out(), "image: 640x480")).as(run.out()).isEqualTo(2);
            assertThat(run.out()).endsWith("bye" + System.lineSeparator());
            // The shell exits once its 2 is sent; the server logs what it read a moment later.
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(String.join("", server.commandsReceived())).startsWith("013q1012"));
            server.assertEveryCommandReadAlone();
            for (Path image : files("image_")) {
                server.assertCameraPicture(Files.readAllBytes(image));
            }
        }
        assertThat(files("image_")).hasSize(2);
        List<Path> videos = files("video_stream_");
        assertThat(videos).hasSize(1);
        Recordings video = Recordings.decode(videos.get(0));
        assertThat(video.frames()).isGreaterThanOrEqualTo(10);
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.codec()).isEqualTo("mjpeg");
    }

    @Test
    void typedAheadCommandsAgainstTheEdgecamServer() throws Exception {
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            CommandRun run = shellReading(new ByteArrayInputStream("0\n\nq\n1\n2\n".getBytes(StandardCharsets.UTF_8)));
            int code = run.execute("127.0.0.1:" + server.port(), "--no-window", "-d", dir.toString());

            assertThat(code).as(run.err()).isZero();
            assertThat(run.out()).contains("image: 320x240").contains("not streaming: type 3 to start a video stream");
            assertThat(count(run.out(), LegacyShell.PROMPT)).isEqualTo(5);
            List<Path> images = files("image_");
            assertThat(images).hasSize(1);
            assertThat(server.served(Files.readAllBytes(images.get(0)))).isTrue();
        }
    }

    @Test
    void theEndOfInputEndsTheSessionLikeTwo() throws Exception {
        try (FakeOriginalServer server = FakeOriginalServer.start()) {
            CommandRun run = shellReading(new ByteArrayInputStream(new byte[0]));
            int code = run.execute("127.0.0.1:" + server.port(), "--no-window", "-d", dir.toString());

            assertThat(code).isZero();
            await().atMost(WAIT).until(server::isShutDown);
            assertThat(server.commands()).startsWith("2");
        }
    }

    private static CommandRun shellReading(InputStream stdin) {
        ShellCommand shell = new ShellCommand();
        shell.stdin = stdin;
        return new CommandRun(new CommandLine(shell));
    }

    private static void type(PipedOutputStream keyboard, String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private List<Path> files(String prefix) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
