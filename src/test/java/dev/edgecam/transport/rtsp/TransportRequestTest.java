package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportRequestTest {

    private static final Set<TransportRequest.Kind> SERVED =
            EnumSet.of(TransportRequest.Kind.TCP_INTERLEAVED, TransportRequest.Kind.UDP_UNICAST);

    @Test
    void takesTheFirstChoiceServed() {
        assertThat(TransportRequest.choose("RTP/AVP;multicast, RTP/AVP;unicast;client_port=5000-5001", SERVED))
                .isEqualTo(new TransportRequest(TransportRequest.Kind.UDP_UNICAST, 5000, 5001));
        assertThat(TransportRequest.choose("RTP/AVP/TCP;unicast;interleaved=0-1", SERVED).kind())
                .isEqualTo(TransportRequest.Kind.TCP_INTERLEAVED);
        assertThat(TransportRequest.choose("RTP/AVP/UDP;unicast;client_port=6000", SERVED))
                .isEqualTo(new TransportRequest(TransportRequest.Kind.UDP_UNICAST, 6000, 6001));
        assertThat(TransportRequest.choose("RTP/AVP;multicast", EnumSet.allOf(TransportRequest.Kind.class)).kind())
                .isEqualTo(TransportRequest.Kind.MULTICAST);
    }

    @Test
    void refusesWhatItCannotServe() {
        assertThat(TransportRequest.choose(null, SERVED)).isNull();
        assertThat(TransportRequest.choose("RTP/SAVP;unicast;client_port=1-2", SERVED)).isNull();
        assertThat(TransportRequest.choose("RTP/AVP;unicast", SERVED)).as("UDP without ports").isNull();
        assertThat(TransportRequest.choose("RTP/AVP;unicast;client_port=0-70000", SERVED)).isNull();
        assertThat(TransportRequest.choose("RTP/AVP/TCP;interleaved=0-1;mode=record", SERVED)).isNull();
        assertThat(TransportRequest.choose("RTP/AVP;multicast", SERVED)).isNull();
    }

    @Test
    void readsTheInterleavedChannelsAsked() {
        TransportRequest asked = TransportRequest.choose("RTP/AVP/TCP;unicast;interleaved=2-3", SERVED);
        assertThat(asked.interleavedRtp()).isEqualTo(2);
        assertThat(asked.interleavedRtcp()).isEqualTo(3);
        TransportRequest one = TransportRequest.choose("RTP/AVP/TCP;unicast;interleaved=6", SERVED);
        assertThat(one.interleavedRtp()).isEqualTo(6);
        assertThat(one.interleavedRtcp()).as("RTCP on the next channel").isEqualTo(7);
        for (String none : new String[] {"RTP/AVP/TCP;unicast", "RTP/AVP/TCP;interleaved=255", "RTP/AVP/TCP;interleaved=3-3",
                "RTP/AVP/TCP;interleaved=x-1", "RTP/AVP/TCP;interleaved=-2-3"}) {
            TransportRequest request = TransportRequest.choose(none, SERVED);
            assertThat(request.kind()).as(none).isEqualTo(TransportRequest.Kind.TCP_INTERLEAVED);
            assertThat(request.interleavedRtp()).as("%s: the server picks", none).isEqualTo(-1);
        }
    }
}
