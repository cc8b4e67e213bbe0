package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Digest's arithmetic against the RFCs' own examples, and the header parser on what clients send. */
@Timeout(10)
class DigestResponseTest {

    @Test
    void rfc2617ExampleWithQopAuth() {
        String ha1 = DigestResponse.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(ha1).isEqualTo("939e7578ed9e3c518a452acee763bce9");
        assertThat(DigestResponse.expected(ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "auth", "00000001", "0a4f113b")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc2069ExampleWithoutQop() {
        String ha1 = DigestResponse.ha1("Mufasa", "testrealm@host.com", "CircleOfLife");
        assertThat(DigestResponse.expected(ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                null, null, null)).isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void comparesHexWhateverItsCase() {
        assertThat(DigestResponse.sameHex("6629fae4", "6629FAE4")).isTrue();
        assertThat(DigestResponse.sameHex("6629fae4", "6629fae5")).isFalse();
        assertThat(DigestResponse.sameHex("6629fae4", "6629fae")).isFalse();
    }

    @Test
    void parsesQuotedAndBareValuesAsFfmpegAndGstreamerSendThem() {
        DigestCredentials d = DigestCredentials.parse("username=\"alice\", realm=\"edgecam\", "
                + "nonce=\"AAAB-x_y\", uri=\"rtsp://127.0.0.1:8554/a,b\", response=\"0123\", algorithm=\"MD5\", "
                + "cnonce=\"c\\\"q\", nc=00000001, qop=auth");
        assertThat(d.get("username")).isEqualTo("alice");
        assertThat(d.get("uri")).isEqualTo("rtsp://127.0.0.1:8554/a,b");
        assertThat(d.get("cnonce")).isEqualTo("c\"q");
        assertThat(d.get("nc")).isEqualTo("00000001");
        assertThat(d.get("qop")).isEqualTo("auth");
        assertThat(d.get("opaque")).isNull();
    }

    @Test
    void refusesMalformedParameters() {
        assertThatThrownBy(() -> DigestCredentials.parse("username")).hasMessageContaining("without '='");
        assertThatThrownBy(() -> DigestCredentials.parse("username=\"alice")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> DigestCredentials.parse("a=" + "x".repeat(5000))).hasMessageContaining("longer than");
    }
}
