package dev.edgecam.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decisions of {@link H264EncoderChoice}, with stand-ins for the devices and for FFmpeg (no hardware here). */
@Timeout(10)
class H264EncoderChoiceTest {

    private final List<String> tried = new ArrayList<>();

    /** Opens the encoders named in {@code opens}; any other throws as FFmpeg would. */
    private H264EncoderChoice.Opener<String> ffmpegThatOpens(Set<String> opens) {
        return name -> {
            tried.add(name);
            if (!opens.contains(name)) {
                throw new IllegalStateException(name + ": opening it failed: Invalid argument");
            }
            return "encoder " + name;
        };
    }

    @Test
    void autoOnAPi4TakesV4l2m2m() {
        var chosen = H264EncoderChoice.choose(H264EncoderName.AUTO,
                ffmpegThatOpens(Set.of("h264_v4l2m2m", "libopenh264")), Set.of(Path.of("/dev/video11"))::contains);

        assertThat(chosen.ffmpegName()).isEqualTo("h264_v4l2m2m");
        assertThat(chosen.why()).contains("hardware encoder h264_v4l2m2m opened (/dev/video11)");
        assertThat(tried).containsExactly("h264_v4l2m2m");
    }

    @Test
    void autoWithoutHardwareDevicesUsesOpenh264AndSaysWhy() {
        var chosen = H264EncoderChoice.choose(H264EncoderName.AUTO, ffmpegThatOpens(Set.of("libopenh264")), p -> false);

        assertThat(chosen.ffmpegName()).isEqualTo("libopenh264");
        assertThat(chosen.why()).isEqualTo("auto: h264_v4l2m2m: no /dev/video11; h264_vaapi: no /dev/dri/renderD128;"
                + " using libopenh264");
        assertThat(tried).containsExactly("libopenh264"); // a device that is missing is not even tried
    }

    @Test
    void autoFallsFromADeviceFfmpegCannotOpenToTheNextAndThenToOpenh264() {
        var chosen = H264EncoderChoice.choose(H264EncoderName.AUTO, ffmpegThatOpens(Set.of("libopenh264")), p -> true);

        assertThat(chosen.ffmpegName()).isEqualTo("libopenh264");
        assertThat(chosen.why()).contains("h264_v4l2m2m: /dev/video11 is there but FFmpeg cannot open it")
                .contains("h264_vaapi: /dev/dri/renderD128 is there but FFmpeg cannot open it");
        assertThat(tried).containsExactly("h264_v4l2m2m", "h264_vaapi", "libopenh264");
    }

    @Test
    void autoTakesVaapiWhenThereIsNoPiEncoder() {
        var chosen = H264EncoderChoice.choose(H264EncoderName.AUTO, ffmpegThatOpens(Set.of("h264_vaapi", "libopenh264")),
                Set.of(Path.of("/dev/dri/renderD128"))::contains);

        assertThat(chosen.ffmpegName()).isEqualTo("h264_vaapi");
    }

    @Test
    void aNamedEncoderIsThatEncoderOrAnErrorNeverAnother() {
        assertThat(H264EncoderChoice.choose(H264EncoderName.OPENH264, ffmpegThatOpens(Set.of("libopenh264")), p -> true)
                .ffmpegName()).isEqualTo("libopenh264");
        assertThatThrownBy(() -> H264EncoderChoice.choose(H264EncoderName.H264_VAAPI,
                ffmpegThatOpens(Set.of("libopenh264")), p -> true)).hasMessageContaining("h264_vaapi");
        assertThat(tried).containsExactly("libopenh264", "h264_vaapi");
    }

    @Test
    void theRealLgplBuildRefusesLibx264NamingTheProfileAndOpensOpenh264() {
        assertThatThrownBy(() -> H264EncoderChoice.open(H264EncoderName.LIBX264, new dev.edgecam.frame.Size(320, 240),
                30, 200_000, 60, "cam0")).hasMessageContaining("-Pgpl");
        var chosen = H264EncoderChoice.open(H264EncoderName.OPENH264, new dev.edgecam.frame.Size(320, 240), 30, 200_000,
                60, "cam0");
        try (H264Encoder encoder = chosen.encoder()) {
            assertThat(encoder.name()).isEqualTo("libopenh264");
        }
    }

    @Test
    void theGplProfileSwapsInTheGplFfmpegNatives() throws Exception {
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<classifier>${ffmpeg.classifier}</classifier>")
                .contains("<ffmpeg.classifier>${javacpp.platform}</ffmpeg.classifier>");
        String profile = pom.substring(pom.indexOf("<id>gpl</id>"));
        assertThat(profile.substring(0, profile.indexOf("</profile>")))
                .contains("<ffmpeg.classifier>${javacpp.platform}-gpl</ffmpeg.classifier>");
    }

    @Test
    void namesParseFromTheConfigAndFfmpegSpellings() {
        assertThat(H264EncoderName.parse("openh264")).isEqualTo(H264EncoderName.OPENH264);
        assertThat(H264EncoderName.parse("libopenh264")).isEqualTo(H264EncoderName.OPENH264);
        assertThat(H264EncoderName.parse(" AUTO ")).isEqualTo(H264EncoderName.AUTO);
        assertThatThrownBy(() -> H264EncoderName.parse("nvenc"))
                .hasMessage("unknown H.264 encoder 'nvenc': use one of auto, openh264, libx264, h264_v4l2m2m, h264_vaapi");
    }
}
