package dev.edgecam.encode;

import dev.edgecam.frame.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which H.264 encoder a camera gets and says why. {@link H264EncoderName#AUTO} tries the hardware encoders
 * in turn (the Raspberry Pi 4's {@code h264_v4l2m2m}, needing {@code /dev/video11}; VA-API's {@code h264_vaapi},
 * needing {@code /dev/dri/renderD128}) and takes the first FFmpeg actually opens, else openh264, which every build
 * has. A named encoder is that encoder or an error (no silent fallback: asking for libx264 in the LGPL build is
 * a one-line error naming {@code -Pgpl}).
 *
 * <p>The device check and the opening are injected ({@link Opener}, {@code deviceExists}), so the decisions can be
 * tested on a machine without the hardware.
 */
public final class H264EncoderChoice {

    private static final Logger log = LoggerFactory.getLogger(H264EncoderChoice.class);

    /** The device each hardware encoder needs before FFmpeg is even asked. */
    static final Path V4L2M2M_DEVICE = Path.of("/dev/video11");
    static final Path VAAPI_DEVICE = Path.of(VaapiUpload.DEVICE);

    /** Opens FFmpeg's encoder of that name at the settings, or throws saying why it cannot. */
    @FunctionalInterface
    public interface Opener<E> {
        E open(String ffmpegName) throws RuntimeException;
    }

    /** The encoder opened, and the sentence the log says about the choice. */
    public record Chosen<E>(E encoder, String ffmpegName, String why) {
    }

    private H264EncoderChoice() {
    }

    /** Opens the encoder {@code asked} names (probing for {@code auto}) at these settings, and logs which and why. */
    public static Chosen<H264Encoder> open(H264EncoderName asked, Size size, double fps, long bitrate, int keyframeFrames,
                                           String camera) {
        Chosen<H264Encoder> chosen = choose(asked,
                name -> H264Encoder.open(name, size, fps, bitrate, keyframeFrames), Files::exists);
        log.info("ENCODE: {}: H.264 with {} at {}, {} kbit/s, a keyframe every {} frames; {}", camera,
                chosen.ffmpegName(), chosen.encoder().size(), bitrate / 1000,
                keyframeFrames, chosen.why());
        return chosen;
    }

    /**
     * The encoder for {@code asked}: opened by {@code opener}, hardware first for {@code auto}.
     *
     * @throws IllegalStateException when a named encoder cannot be opened, with FFmpeg's reason
     */
    public static <E> Chosen<E> choose(H264EncoderName asked, Opener<E> opener, Predicate<Path> deviceExists) {
        if (asked != H264EncoderName.AUTO) {
            return new Chosen<>(opener.open(asked.ffmpegName()), asked.ffmpegName(), "asked for " + asked.configName());
        }
        List<String> refusals = new ArrayList<>();
        for (H264EncoderName hardware : List.of(H264EncoderName.H264_V4L2M2M, H264EncoderName.H264_VAAPI)) {
            Path device = hardware == H264EncoderName.H264_V4L2M2M ? V4L2M2M_DEVICE : VAAPI_DEVICE;
            if (!deviceExists.test(device)) {
                refusals.add(hardware.ffmpegName() + ": no " + device);
                continue;
            }
            try {
                E encoder = opener.open(hardware.ffmpegName());
                return new Chosen<>(encoder, hardware.ffmpegName(), "auto: hardware encoder " + hardware.ffmpegName()
                        + " opened (" + device + ")");
            } catch (RuntimeException cannot) {
                refusals.add(hardware.ffmpegName() + ": " + device + " is there but FFmpeg cannot open it ("
                        + cannot.getMessage() + ")");
            }
        }
        String software = H264EncoderName.OPENH264.ffmpegName();
        return new Chosen<>(opener.open(software), software, "auto: " + String.join("; ", refusals) + "; using " + software);
    }
}
