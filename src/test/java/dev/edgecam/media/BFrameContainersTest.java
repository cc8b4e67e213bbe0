package dev.edgecam.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.BFrameVideo;
import dev.edgecam.testing.FfmpegCli;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network camera's H.264 with B-frames (x264 with 2 B-frames, served by GStreamer's RTSP server), as the source
 * hands it on (decode order, each frame with its presentation offset), written into the browser's fragmented MP4 and
 * into a recording without re-encoding: FFmpeg finds every picture shown one frame interval after the one before, and
 * decodes the file's pictures in the file's order, bit for bit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BFrameContainersTest {

    private static final int FRAMES = 75;

    private Path dir;
    private BFrameVideo video;
    private List<Frame> frames;

    @BeforeAll
    void readTheCamera(@TempDir Path directory) throws Exception {
        dir = directory;
        video = BFrameVideo.make(dir, 20);
        frames = video.passedThrough(dir, FRAMES);
        assertThat(frames).hasSize(FRAMES);
        assertThat(frames).as("B-frames: shown after they are decoded").anyMatch(f -> f.presentationOffsetMicros() > 0);
    }

    @Test
    void fragmentedMp4CarriesCompositionOffsets() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(Fmp4Fragmenter.initSegment(H264ParameterSets.of(frames.get(0).bytes())));
        Fmp4Timeline timeline = new Fmp4Timeline();
        for (Frame frame : frames) {
            file.writeBytes(Fmp4Fragmenter.fragment(frame, timeline.place(frame, BFrameVideo.FRAME_TICKS)));
        }
        Path mp4 = Files.write(dir.resolve("live.mp4"), file.toByteArray());

        assertShownOneFrameApartAndTheFilesPictures(mp4, 0.001);
    }

    @Test
    void aMatroskaRecordingKeepsThePresentationTimes() throws Exception {
        assertShownOneFrameApartAndTheFilesPictures(record("recording.mkv"), 0.0015); // Matroska counts milliseconds
    }

    /**
     * MP4 fragments are cut by FFmpeg's muxer itself ({@code frag_duration}): a fragment ended by a flush from
     * outside once gave the next fragment's first picture composition offset 0 (shown a frame or more early).
     */
    @Test
    void anMp4RecordingKeepsThePresentationTimes() throws Exception {
        assertShownOneFrameApartAndTheFilesPictures(record("recording.mp4"), 0.001);
    }

    private Path record(String name) throws Exception {
        Path file = dir.resolve(name);
        try (H264StreamCopyRecorder recorder = H264StreamCopyRecorder.forAnnexB(file,
                H264ParameterSets.of(frames.get(0).bytes()), BFrameVideo.FPS, frames.get(0).captureEpochMicros())) {
            for (Frame frame : frames) {
                recorder.writeAnnexB(frame.bytes(), frame.keyframe(), frame.captureEpochMicros(),
                        frame.presentationOffsetMicros());
            }
        }
        return file;
    }

    private void assertShownOneFrameApartAndTheFilesPictures(Path mp4, double toleranceSeconds) throws Exception {
        assertThat(FfmpegCli.decodeErrors(mp4)).as("ffmpeg's errors").isEmpty();
        List<Double> shown = FfmpegCli.ffprobe("-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of",
                "csv=p=0", mp4.toString()).lines().filter(line -> !line.isBlank()).map(Double::parseDouble).toList();
        assertThat(shown).hasSize(FRAMES);
        for (int i = 1; i < shown.size(); i++) {
            assertThat(shown.get(i) - shown.get(i - 1)).as("presentation step before picture %d; all: %s", i, shown)
                    .isCloseTo(1.0 / BFrameVideo.FPS, org.assertj.core.data.Offset.offset(toleranceSeconds));
        }
        assertTheFilesPictures(mp4);
    }

    private void assertTheFilesPictures(Path mp4) throws Exception {
        List<String> pictures = BFrameVideo.framemd5(FfmpegCli.ffmpeg("-nostdin", "-v", "error", "-i", mp4.toString(),
                "-fps_mode", "passthrough", "-f", "framemd5", "-"));
        assertThat(pictures).hasSize(FRAMES);
        assertThat(video.runStart(pictures)).as("the file's pictures in its order, none missing").isNotNegative();
    }
}
