package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.testing.H264TestStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
            GopHub.Subscriber viewer = hub.subscribe(frame -> { });
            List<Long> sequences = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread watching = new Thread(() -> { // another viewer, taking each frame as it comes
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
            }, "test-viewer");
            watching.start();
            feed(frames);
            PublishTarget target = PublishTarget.parse("rtsp://127.0.0.1:" + silent.getLocalPort() + "/door");
            try (Publisher publisher = Publisher.start("door", target, hub, QUICK, Duration.ofMillis(700))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().errors() >= 2);
                assertThat(publisher.status().lastError()).contains("got no answer within 700 ms");
                assertThat(accepted).as("it connected, and again after the timeout").hasSizeGreaterThanOrEqualTo(2);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sequences.size() >= frames);
            assertThat(sequences).as("the other viewer got every frame, in order").hasSize(frames)
                    .isSortedAccordingTo(Long::compare);
            assertThat(viewer.framesSkipped()).isZero();
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

    /** Publishes the test stream's access units in a loop, at most {@code count} frames, about 100 a second. */
    private void feed(int count) throws Exception {
        List<byte[]> units = H264TestStream.accessUnits();
        feeder = new Thread(() -> {
            for (int i = 0; i < count && feeding.get(); i++) {
                byte[] unit = units.get(i % units.size());
                long micros = i * 33_333L;
                hub.publish(Frame.h264(i + 1, micros * 1000, micros, H264TestStream.WIDTH, H264TestStream.HEIGHT,
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
