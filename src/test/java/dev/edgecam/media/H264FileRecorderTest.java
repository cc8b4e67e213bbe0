package dev.edgecam.media;

import static dev.edgecam.media.MjpegFileRecorderTest.frameAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.TestJpegs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H264FileRecorderTest {

    @TempDir
    Path dir;

    @Test
    void transcodesToH264WithTheEncoderThisBuildHas() throws Exception {
        Path file = dir.resolve("clip.mp4");
        String encoder;
        try (H264FileRecorder recorder = new H264FileRecorder(file)) {
            encoder = recorder.encoder();
            for (int i = 0; i < 20; i++) {
                recorder.write(frameAt(i + 1, i * 50L, TestJpegs.quadrants(320, 240, i)));
            }
        }
        // Maven Central's FFmpeg is the LGPL build: libx264 is absent, OpenH264 does the work.
        assertThat(encoder).isEqualTo("libopenh264");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
            assertThat(grabber.getImageWidth()).isEqualTo(320);
            int count = 0;
            long last = 0;
            while (grabber.grabImage() != null && count < 1000) {
                count++;
                last = grabber.getTimestamp();
            }
            assertThat(count).isEqualTo(20);
            assertThat(last / 1000).isCloseTo(19 * 50L, Offset.offset(20L));
        }
    }
}
