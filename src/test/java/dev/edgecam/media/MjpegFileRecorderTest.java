package dev.edgecam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.testing.TestJpegs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MjpegFileRecorderTest {

    @TempDir
    Path dir;

    /** Frames 40 ms apart, with one 400 ms gap (a network stall): playback must keep the real timing. */
    @ParameterizedTest
    @EnumSource(value = RecordingFormat.class, names = {"MKV", "AVI"})
    void storesTheJpegsUnchangedWithTheirRealTiming(RecordingFormat format) throws Exception {
        Path file = dir.resolve("clip" + format.extension());
        long[] timesMillis = new long[30];
        for (int i = 1; i < timesMillis.length; i++) {
            timesMillis[i] = timesMillis[i - 1] + (i == 15 ? 400 : 40);
        }
        byte[][] jpegs = new byte[timesMillis.length][];
        try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, format)) {
            for (int i = 0; i < timesMillis.length; i++) {
                jpegs[i] = TestJpegs.quadrants(320, 240, i);
                recorder.write(frameAt(i + 1, timesMillis[i], jpegs[i]));
            }
            assertThat(recorder.frames()).isEqualTo(30);
        }

        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            assertThat(grabber.getVideoCodecName()).isEqualTo("mjpeg");
            assertThat(grabber.getImageWidth()).isEqualTo(320);
            assertThat(grabber.getImageHeight()).isEqualTo(240);
            int count = 0;
            long lastTimestamp = -1;
            long gapTimestamp = -1;
            for (Frame f; (f = grabber.grabImage()) != null && count < 1000; ) {
                count++;
                if (count == 16) {
                    gapTimestamp = grabber.getTimestamp();
                }
                lastTimestamp = grabber.getTimestamp();
            }
            assertThat(count).isEqualTo(30);
            assertThat(gapTimestamp / 1000).isCloseTo(timesMillis[15], org.assertj.core.data.Offset.offset(40L));
            assertThat(lastTimestamp / 1000).isCloseTo(timesMillis[29], org.assertj.core.data.Offset.offset(40L));
        }
    }

    /**
     * What a SIGKILL leaves: the file as it is on disk while recording, with no trailer and no index. Copied
     * mid-recording, it must decode up to the last flush, at most half a second back.
     */
    @ParameterizedTest
    @EnumSource(value = RecordingFormat.class, names = {"MKV", "AVI"})
    void aFileCutOffMidRecordingDecodesUpToTheLastFlush(RecordingFormat format) throws Exception {
        Path file = dir.resolve("live" + format.extension());
        Path leftOver = dir.resolve("left-over" + format.extension());
        // Small frames: FFmpeg's 32 KiB I/O buffer would hold more than a second of them without the flushes.
        byte[] jpeg = TestJpegs.quadrants(32, 24, 0);
        try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, format)) {
            for (int i = 0; i < 90; i++) {
                recorder.write(frameAt(i + 1, i * 33L, jpeg)); // three seconds at 30 fps
            }
            Files.copy(file, leftOver);
        }
        int flushedFrames = 90 - (int) (MjpegFileRecorder.FLUSH_INTERVAL_MICROS / 33_000) - 1;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(leftOver.toFile())) {
            grabber.start();
            int count = 0;
            while (count < 1000 && grabber.grabImage() != null) {
                count++;
            }
            assertThat(count).isBetween(flushedFrames, 90);
        }
    }

    @Test
    void packetsHoldTheExactBytesReceived() throws Exception {
        Path file = dir.resolve("exact.mkv");
        byte[] jpeg = TestJpegs.quadrants(160, 120, 7);
        try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, RecordingFormat.MKV)) {
            recorder.write(frameAt(1, 0, jpeg));
            recorder.write(frameAt(2, 50, jpeg));
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            org.bytedeco.ffmpeg.avcodec.AVPacket packet = grabber.grabPacket();
            byte[] stored = new byte[packet.size()];
            packet.data().get(stored);
            assertThat(stored).isEqualTo(jpeg);
        }
    }

    @Test
    void refusesAFirstFrameThatIsNoJpeg() throws IOException {
        Path file = dir.resolve("bad.mkv");
        try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, RecordingFormat.MKV)) {
            assertThatThrownBy(() -> recorder.write(frameAt(1, 0, "not a jpeg".getBytes())))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a JPEG");
        }
        assertThat(Files.exists(file)).isFalse();
    }

    static ReceivedFrame frameAt(long sequence, long millis, byte[] jpeg) {
        return new ReceivedFrame(sequence, 1_000_000_000L + millis * 1_000_000L, 0, ReceivedFrame.UNKNOWN, jpeg);
    }
}
