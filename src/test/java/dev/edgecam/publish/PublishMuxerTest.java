package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avformat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FFmpeg that JavaCV bundles has what publishing needs: the {@code rtmp} and {@code srt} protocols (libsrt; a
 * build without it would make {@code srt://} fail at every connect) and the {@code rtsp}, {@code flv} and
 * {@code mpegts} muxers. A JavaCV upgrade that loses one fails here, not on a customer's board.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PublishMuxerTest {

    @Test
    void theBundledFfmpegHasEveryProtocolAndMuxerPublishingUses() {
        assertThat(avformat.avio_find_protocol_name("srt://127.0.0.1:9000")).as("libsrt in JavaCV's FFmpeg")
                .isEqualTo("srt");
        assertThat(avformat.avio_find_protocol_name("rtmp://127.0.0.1/live/door")).isEqualTo("rtmp");
        for (PublishTarget.Protocol protocol : PublishTarget.Protocol.values()) {
            assertThat(avformat.av_guess_format(protocol.muxer(), null, null)).as("FFmpeg's %s muxer", protocol.muxer())
                    .isNotNull();
        }
    }
}
