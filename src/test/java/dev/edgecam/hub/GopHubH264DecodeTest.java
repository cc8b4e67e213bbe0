package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real H.264 through the GOP hub: FFmpeg encodes a clip, its access units go through the hub to subscribers that
 * keep up, lag or join late, and FFmpeg decodes what each one received. Decoding is exact, so every picture a
 * subscriber decodes must be bit for bit the picture the whole stream decodes to at that frame: a frame whose
 * reference was missed would decode to something else.
 */
@Timeout(120)
class GopHubH264DecodeTest {

    /** 60 frames at 10 fps: FFmpeg makes a keyframe every 10 frames. */
    private static final int FRAMES = 60;

    @TempDir
    static Path dir;
    private static final List<Frame> clip = new ArrayList<>();
    /** Checksum of each frame's picture when the whole clip is decoded, by sequence - 1. */
    private static List<Long> reference;

    @BeforeAll
    static void encodeAndDecodeTheClip() throws Exception {
        Path video = TestVideos.numbered(dir.resolve("numbered.h264"), "h264", AV_CODEC_ID_H264, 160, 120, FRAMES, 10);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setFormat("h264");
            grabber.start();
            for (AVPacket packet = grabber.grabPacket(); packet != null && clip.size() < 2 * FRAMES;
                 packet = grabber.grabPacket()) {
                byte[] unit = new byte[packet.size()];
                packet.data().capacity(packet.size()).get(unit);
                long sequence = clip.size() + 1;
                // Frame.h264 checks each keyframe carries SPS and PPS: the encoder's own output must pass.
                clip.add(Frame.h264(sequence, sequence, sequence, 160, 120, (packet.flags() & AV_PKT_FLAG_KEY) != 0, unit));
            }
        }
        assertThat(clip).hasSize(FRAMES);
        assertThat(clip.stream().filter(Frame::keyframe).count()).isEqualTo(6);
        reference = decode(clip);
        assertThat(reference).hasSize(FRAMES);
    }

    @Test
    void whatEverySubscriberGetsDecodesToTheSamePicturesAsTheWholeStream() throws Exception {
        GopHub hub = new GopHub(new GopHub.Limits(16, 1L << 20));
        GopHub.Subscriber steady = hub.subscribe(frame -> { });
        GopHub.Subscriber slow = hub.subscribe(frame -> { });
        GopHub.Subscriber late = null;
        List<Frame> steadyGot = new ArrayList<>();
        List<Frame> slowGot = new ArrayList<>();
        List<Frame> lateGot = new ArrayList<>();

        for (Frame frame : clip) {
            hub.publish(frame);
            take(steady, steadyGot, FRAMES);
            if (frame.sequence() % 13 == 0) {
                take(slow, slowGot, 3); // reads three frames now and then: falls behind by whole GOPs
            }
            if (frame.sequence() == 25) {
                late = hub.subscribe(f -> { });
            }
            if (late != null) {
                take(late, lateGot, FRAMES);
            }
        }
        take(slow, slowGot, FRAMES);

        assertThat(steadyGot).hasSize(FRAMES);
        assertThat(slow.framesSkipped()).as("the slow one skipped").isPositive();
        assertThat(lateGot.get(0).sequence()).as("the late one started at the keyframe before it joined").isEqualTo(21);
        for (List<Frame> got : List.of(steadyGot, slowGot, lateGot)) {
            assertDecodesLikeTheWholeStream(got);
        }
    }

    @Test
    void theCheckCatchesAFrameWhoseReferenceIsMissing() throws Exception {
        List<Frame> gap = new ArrayList<>(clip.subList(0, 15));
        gap.remove(12); // a P-frame in the middle of the second GOP

        List<Long> decoded = decode(gap);

        assertThat(decoded.subList(0, 12)).isEqualTo(reference.subList(0, 12));
        assertThat(decoded.get(12)).as("frame 14 without its reference 13").isNotEqualTo(reference.get(13));
    }

    private static void take(GopHub.Subscriber subscriber, List<Frame> into, int atMost) {
        for (int i = 0; i < atMost; i++) {
            Frame frame = subscriber.next();
            if (frame == null) {
                return;
            }
            into.add(frame);
        }
    }

    private static void assertDecodesLikeTheWholeStream(List<Frame> got) throws IOException {
        List<Long> decoded = decode(got);
        assertThat(decoded).as("one picture per frame received").hasSameSizeAs(got);
        for (int i = 0; i < got.size(); i++) {
            long sequence = got.get(i).sequence();
            assertThat(decoded.get(i)).as("picture of frame " + sequence).isEqualTo(reference.get((int) sequence - 1));
        }
    }

    /** Writes the frames as one Annex B stream and decodes it with FFmpeg: a checksum of each picture. */
    private static List<Long> decode(List<Frame> frames) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            stream.write(frame.bytes());
        }
        Path file = Files.createTempFile(dir, "received", ".h264");
        Files.write(file, stream.toByteArray());
        List<Long> checksums = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setFormat("h264");
            grabber.start();
            for (org.bytedeco.javacv.Frame picture = grabber.grabImage(); picture != null && checksums.size() <= frames.size();
                 picture = grabber.grabImage()) {
                checksums.add(checksum(picture));
            }
        }
        return checksums;
    }

    /** CRC32 of the picture's pixels, row by row: the bytes past each row (the stride's padding) are not the picture. */
    private static long checksum(org.bytedeco.javacv.Frame picture) {
        ByteBuffer pixels = ((ByteBuffer) picture.image[0]).duplicate();
        int rowBytes = picture.imageWidth * picture.imageChannels;
        CRC32 crc = new CRC32();
        for (int y = 0; y < picture.imageHeight; y++) {
            pixels.limit(y * picture.imageStride + rowBytes).position(y * picture.imageStride);
            crc.update(pixels);
        }
        return crc.getValue();
    }
}
