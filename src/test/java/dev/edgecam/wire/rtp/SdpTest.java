package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1f, (byte) 0xd9, 0x00};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};

    @Test
    void describesAnH264StreamAndReadsItBack() {
        String sdp = Sdp.h264("cam1", 42, SPS, PPS, "trackID=0", Sdp.ANY_ADDRESS, 0);
        assertThat(sdp).contains("m=video 0 RTP/AVP 96\r\n", "a=rtpmap:96 H264/90000\r\n",
                "a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9kA,aM48gA==\r\n",
                "a=control:trackID=0\r\n", "c=IN IP4 0.0.0.0\r\n", "s=cam1\r\n");
        Sdp.H264Media media = Sdp.parseH264(sdp);
        assertThat(media.payloadType()).isEqualTo(96);
        assertThat(media.sps()).isEqualTo(SPS);
        assertThat(media.pps()).isEqualTo(PPS);
        assertThat(media.control()).isEqualTo("trackID=0");
    }

    @Test
    void anSdpWithoutH264NamesWhatItOffers() {
        assertThatThrownBy(() -> Sdp.parseH264("v=0\r\nm=audio 0 RTP/AVP 0\r\n"))
                .hasMessageContaining("m=audio 0 RTP/AVP 0");
        assertThatThrownBy(() -> Sdp.h264("x", 1, null, PPS, "t", "0.0.0.0", 0)).hasMessageContaining("SPS");
    }
}
