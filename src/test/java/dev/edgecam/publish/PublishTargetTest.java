package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Publish URLs: the muxer of each scheme, what is refused and why, and what is shown without its secrets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PublishTargetTest {

    @Test
    void eachSchemeHasItsMuxer() {
        assertThat(PublishTarget.parse("rtsp://media:8554/door").protocol().muxer()).isEqualTo("rtsp");
        assertThat(PublishTarget.parse("rtmp://media/live/door").protocol().muxer()).isEqualTo("flv");
        assertThat(PublishTarget.parse("SRT://media:9000?streamid=door").protocol().muxer()).isEqualTo("mpegts");
    }

    @Test
    void ffmpegGetsTheUrlAsGivenButLogsAndStateGetItWithoutSecrets() {
        PublishTarget rtsp = PublishTarget.parse("rtsp://cam:s3cret@media:8554/door");
        assertThat(rtsp.url()).isEqualTo("rtsp://cam:s3cret@media:8554/door");
        assertThat(rtsp.redacted()).isEqualTo("rtsp://cam@media:8554/door");
        assertThat(rtsp).hasToString("rtsp://cam@media:8554/door");

        PublishTarget srt = PublishTarget.parse("srt://media:9000?streamid=door&passphrase=longenoughsecret&latency=200");
        assertThat(srt.redacted()).isEqualTo("srt://media:9000?streamid=door&passphrase=***&latency=200");
        assertThat(PublishTarget.parse("rtmp://media/live/door?key=abc&token=def").redacted())
                .isEqualTo("rtmp://media/live/door?key=***&token=***");
        assertThat(PublishTarget.parse("rtmp://media/live/door").redacted()).isEqualTo("rtmp://media/live/door");
    }

    @Test
    void theSameServerAndPathTwiceIsRefusedWhateverThePasswords() {
        List<PublishTarget> twice = List.of(PublishTarget.parse("rtsp://cam:a@media/door"),
                PublishTarget.parse("rtsp://cam:b@media/door"));
        assertThatThrownBy(() -> PublishTarget.requireDistinct(twice))
                .hasMessage("publish URL rtsp://cam@media/door is given twice; push to each server and path once");
        List<PublishTarget> two = List.of(PublishTarget.parse("rtsp://media/door"), PublishTarget.parse("rtsp://media/yard"));
        assertThat(PublishTarget.requireDistinct(two)).isSameAs(two);
    }

    @Test
    void otherSchemesAndIncompleteUrlsAreRefusedSayingWhatIsAccepted() {
        assertThatThrownBy(() -> PublishTarget.parse("http://media/door"))
                .hasMessageContaining("rtsp://, rtmp:// and srt://").hasMessageContaining("'http'");
        assertThatThrownBy(() -> PublishTarget.parse("media:8554/door")).hasMessageContaining("rtsp://");
        assertThatThrownBy(() -> PublishTarget.parse("srt://media")).hasMessageContaining("no port");
        assertThatThrownBy(() -> PublishTarget.parse("rtmp:///live/door")).hasMessageContaining("no host");
        assertThatThrownBy(() -> PublishTarget.parse("rtsp://media door")).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> PublishTarget.parse("rtsp://u:pw@media/ x")).hasMessageNotContaining("pw");
    }
}
