package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.testing.H264TestStream;
import dev.edgecam.testing.MediaEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher whose server is not there, or never answers: it keeps trying with backoff, counts each failure with
 * its reason, gives a silent server up after its timeout, stops at once when closed, and never holds up the hub or
 * the other viewers meanwhile. The hub is fed real H.264 (x264 by Debian's ffmpeg) by the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublisherTest {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.2);

    private final GopHub hub = new GopHub(GopHub.Limits.DEFAULT);
    private final AtomicBoolean feeding = new AtomicBoolean(true);
    private Thread feeder;

    @AfterEach
    void stopFeeding() throws InterruptedException {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(5_000);
        }
    }

    @Test
    void aServerThatIsNotThereIsTriedAgainWithBackoffAndTheHubIsNotWatchedBetweenTries() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        feed(100_000);
        PublishTarget target = PublishTarget.parse("rtmp://edgecam:pw@127.0.0.1:" + closedPort + "/live/door");
        try (Publisher publisher = Publisher.start("door", target, hub, QUICK)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().errors() >= 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.listenerCount() == 0); // waiting, not subscribed

            PublishStatus status = publisher.status();
            assertThat(status.connected()).isFalse();
            assertThat(status.retries()).isBetween(status.errors() - 1, status.errors());
            assertThat(status.lastError()).contains("Connection refused");
            assertThat(status.url()).isEqualTo("rtmp://edgecam@127.0.0.1:" + closedPort + "/live/door");
            assertThat(status.frames()).isZero();
        }
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpAfterTheTimeoutWhileOtherViewersGetEveryFrame() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = acceptForever(silent);
            int frames = 300;
            List<Long> sequences = watch(hub, frames);
            feed(frames);
            PublishTarget target = PublishTarget.parse("rtsp://127.0.0.1:" + silent.getLocalPort() + "/door");
            try (Publisher publisher = Publisher.start("door", target, hub, QUICK, Duration.ofMillis(700))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().errors() >= 2);
                assertThat(publisher.status().lastError()).contains("got no answer within 700 ms");
                assertThat(accepted).as("it connected, and again after the timeout").hasSizeGreaterThanOrEqualTo(2);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sequences.size() >= frames);
            assertThat(sequences).as("the other viewer got every frame, in order").hasSize(frames)
                    .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        }
    }

    @Test
    void closingEndsAConnectThatWaitsForASilentServerAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = acceptForever(silent);
            feed(100_000);
            PublishTarget target = PublishTarget.parse("rtmp://127.0.0.1:" + silent.getLocalPort() + "/live/door");
            Publisher publisher = Publisher.start("door", target, hub, QUICK, Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(20)).until(() -> !accepted.isEmpty());
            long start = System.nanoTime();
            publisher.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close() while connecting, ms")
                    .isLessThan(5_000);
            assertThat(hub.listenerCount()).isZero();
            assertThat(publisher.status().errors()).as("closing is not a failure").isZero();
        }
    }

    @Test
    void aServerThatStallsMakesThePublisherSkipToAKeyframeWhileTheHubAndOtherViewersGoOn(@TempDir Path dir)
            throws Exception {
        GopHub small = new GopHub(new GopHub.Limits(60, 8L << 20)); // two groups of pictures of the test stream
        try (MediaEngine nginx = MediaEngine.nginxRtmp(dir);
             Publisher publisher = Publisher.start("door", PublishTarget.parse(nginx.publishUrl()), small, QUICK)) {
            List<Long> sequences = watch(small, 100_000);
            feed(small, 100_000);
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().frames() > 30);

            int takenBeforeStall = sequences.size();
            nginx.pause(); // its socket buffers fill, then the publisher's write waits
            Thread.sleep(5_000);
            int takenDuringStall = sequences.size() - takenBeforeStall;
            nginx.resume();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PublishStatus now = publisher.status();
                assertThat(now.framesSkipped()).as("frames skipped after a 5 s stall of its server: %s", now).isPositive();
            });
            PublishStatus status = publisher.status();
            assertThat(status.errors()).as("a stall shorter than the timeout is not a failure").isZero();
            assertThat(status.connected()).isTrue();
            List<Long> seen = List.copyOf(sequences);
            // Fed at up to 100 a second (fewer on a loaded machine): 5 s of stall is a few hundred frames.
            assertThat(takenDuringStall).as("frames the other viewer took while the publisher's server stalled")
                    .isGreaterThan(100);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i)).as("the other viewer's frame after %d", seen.get(i - 1))
                        .isEqualTo(seen.get(i - 1) + 1);
            }
            long before = status.frames();
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.status().frames() > before);
            assertThat(nginx.decodedFrames(10, 30)).as("ffmpeg decodes the stream after the stall").isEqualTo(10);
        }
    }

    /** Publishes the test stream's access units to the test's hub in a loop. */
    private void feed(int count) throws Exception {
        feed(hub, count);
    }

    /** Another viewer of {@code hub}, taking each frame as it comes (at most {@code frames}, for 60 s at most). */
    private static List<Long> watch(GopHub hub, int frames) {
        GopHub.Subscriber viewer = hub.subscribe(frame -> { });
        List<Long> sequences = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread watching = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sequences.size() < frames && System.nanoTime() < deadline) {
                Frame frame = viewer.next();
                if (frame == null) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                sequences.add(frame.sequence());
            }
            viewer.close();
        }, "test-viewer");
        watching.setDaemon(true);
        watching.start();
        return sequences;
    }

    /** Publishes the test stream's access units in a loop, at most {@code count} frames, about 100 a second. */
    private void feed(GopHub target, int count) throws Exception {
        List<byte[]> units = H264TestStream.accessUnits();
        feeder = new Thread(() -> {
            for (int i = 0; i < count && feeding.get(); i++) {
                byte[] unit = units.get(i % units.size());
                long micros = i * 33_333L;
                target.publish(Frame.h264(i + 1, micros * 1000, micros, H264TestStream.WIDTH, H264TestStream.HEIGHT,
                        H264TestStream.isKeyframe(unit), unit));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-feeder");
        feeder.start();
    }

    /** Accepts every connection and never says a word; the sockets close with the server socket's test. */
    private static List<Socket> acceptForever(ServerSocket server) {
        List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept());
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "test-silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return accepted;
    }
}
