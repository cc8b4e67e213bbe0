package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.Pictures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CaptureLoopSelfHealingTest {

    private static final Path ARTIFACTS = Path.of("target", "test-artifacts");

    private final FrameHub hub = new FrameHub();
    private final PipelineStats stats = new PipelineStats();
    private final FailOnCommandSource camera = new FailOnCommandSource(new Size(320, 240), 10);
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private CaptureLoop loop;

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    private void start() throws Exception {
        camera.open();
        loop = new CaptureLoop(camera, hub, stats, EncodeSettings.defaults());
        loop.start("edgecam-capture-test");
    }

    @Test
    void viewersGetNoSignalFramesWhileTheCameraIsGoneAndVideoWhenItReturns() throws Exception {
        hub.subscribe(received::add);
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertThat(Pictures.isNoSignal(received.get(received.size() - 1).jpeg())).isFalse();

        camera.unplug();
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.status().online());
        SourceStatus offline = loop.status();
        assertThat(offline.lastError()).contains(FailOnCommandSource.UNPLUGGED);
        assertThat(offline.offlineSince()).isNotNull();
        int before = received.size();
        // No-signal frames keep coming (twice a second), the size of the real pictures, and the reopen is retried.
        await().atMost(Duration.ofSeconds(15)).until(() -> loop.status().retries() >= 2 && received.size() >= before + 4);
        Frame noSignal = received.get(received.size() - 1);
        assertThat(Pictures.isNoSignal(noSignal.jpeg())).isTrue();
        // Kept for a person to look at.
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve("no-signal.jpg"), noSignal.jpeg());
        assertThat(noSignal.width()).isEqualTo(320);
        assertThat(noSignal.height()).isEqualTo(240);
        assertThat(loop.status().lastError()).contains("cannot open");
        assertThat(loop.status().offlineSince()).isEqualTo(offline.offlineSince());
        assertThat(stats.sourceFailures.sum()).isEqualTo(1);

        camera.plugIn();
        // Backoff is at most 4 s by now (1, 2, 4 s), so the camera is back within a few seconds.
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.status().online());
        int back = received.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= back + 3);
        assertThat(Pictures.isNoSignal(received.get(received.size() - 1).jpeg())).isFalse();
        assertThat(loop.status().offlineSince()).isNull();
        assertThat(loop.status().retries()).isZero();

        // One sequence throughout: every frame newer than the one before, so clients never reconnect or reset.
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i).sequence()).isGreaterThan(received.get(i - 1).sequence());
        }
    }

    @Test
    void anOutOfMemoryErrorWhileCapturingHealsLikeACameraFailure() throws Exception {
        hub.subscribe(received::add);
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);

        camera.failNextOpenWith(new OutOfMemoryError("while reopening (test)"));
        camera.failNextFrameWith(new OutOfMemoryError("Java heap space (test)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.status().online());
        assertThat(loop.status().lastError()).contains("OutOfMemoryError").contains("Java heap space (test)");
        int opensBefore = camera.opens();

        // Even the first reopen failing the same way only costs a retry: after the backoff (1, then 2 s) video
        // resumes for the same viewer.
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.status().retries() >= 1 || loop.status().online());
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.status().online());
        assertThat(camera.opens()).isEqualTo(opensBefore + 2);
        int back = received.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= back + 3);
        assertThat(Pictures.isNoSignal(received.get(received.size() - 1).jpeg())).isFalse();
        assertThat(stats.sourceFailures.sum()).isEqualTo(1);
    }

    @Test
    void nothingIsDrawnWhileNobodyWatchesAnOfflineSource() throws Exception {
        start();
        camera.unplug();
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.status().online());
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().retries() >= 1);
        assertThat(stats.published.sum()).isZero();
        assertThat(hub.latest()).isNull();

        // A viewer arriving while the source is still offline gets no-signal frames at once, not after the backoff.
        hub.subscribe(received::add);
        await().atMost(Duration.ofSeconds(3)).until(() -> !received.isEmpty());
        assertThat(Pictures.isNoSignal(received.get(0).jpeg())).isTrue();
    }
}
