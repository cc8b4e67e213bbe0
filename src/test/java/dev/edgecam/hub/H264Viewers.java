package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The H.264 viewers of a capture loop under test: subscribers closed after the test, their frames taken as they
 * come, and frames written as one Annex B file for ffprobe. The capture loop tests (test pattern, RTSP passthrough)
 * share it.
 */
final class H264Viewers implements AutoCloseable {

    private final List<GopHub.Subscriber> subscribers = new ArrayList<>();

    /** A new viewer of {@code loop}'s H.264 rendition that polls (no wake-up callback); closed by {@link #close()}. */
    GopHub.Subscriber subscribe(CaptureLoop loop) {
        GopHub.Subscriber subscriber = loop.renditions().h264().subscribe(frame -> { });
        subscribers.add(subscriber);
        return subscriber;
    }

    /** The next {@code count} frames of {@code subscriber}, polling for at most 30 s; fails when fewer came. */
    static List<Frame> take(GopHub.Subscriber subscriber, int count) throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (frames.size() < count && System.nanoTime() < deadline) {
            Frame frame = subscriber.next();
            if (frame == null) {
                Thread.sleep(5);
            } else {
                frames.add(frame);
            }
        }
        assertThat(frames).hasSize(count);
        return frames;
    }

    /** Writes the frames' access units one after the other into {@code file}: a raw H.264 stream ffprobe reads. */
    static Path write(List<Frame> frames, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            bytes.write(frame.bytes());
        }
        return Files.write(file, bytes.toByteArray());
    }

    @Override
    public void close() {
        subscribers.forEach(GopHub.Subscriber::close);
        subscribers.clear();
    }
}
