package dev.edgecam.wire.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which probes a video transmitter answers, and what its answers say; in memory. */
class WsDiscoveryProtocolTest {

    private static final WsDiscoveryProtocol.Device DEVICE = new WsDiscoveryProtocol.Device(
            "urn:uuid:11111111-2222-3333-4444-555555555555",
            List.of("onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
                    "onvif://www.onvif.org/name/shop-door"), 1);

    /** A Probe as ONVIF Device Manager and the npm onvif package send it. */
    static String probe(String types, String scopes) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\""
                + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:x=\"http://example.com/other\">"
                + "<Header><MessageID xmlns=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">urn:uuid:probe-1</MessageID>"
                + "<To xmlns=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</To>"
                + "</Header><Body><Probe xmlns=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">"
                + (types == null ? "" : "<Types>" + types + "</Types>")
                + (scopes == null ? "" : "<Scopes>" + scopes + "</Scopes>")
                + "</Probe></Body></Envelope>";
    }

    private static boolean matches(String xml) {
        return WsDiscoveryProtocol.matches(SoapMessage.parse(xml.getBytes(StandardCharsets.UTF_8)), DEVICE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "dn:NetworkVideoTransmitter | -                                          | true",
            "tds:Device                 | -                                          | true",
            "-                          | -                                          | true",
            "x:NetworkVideoTransmitter  | -                                          | false",
            "x:Printer                  | -                                          | false",
            "dn:NetworkVideoTransmitter | onvif://www.onvif.org/Profile/Streaming    | true",
            "dn:NetworkVideoTransmitter | onvif://www.onvif.org/name                  | true",
            "dn:NetworkVideoTransmitter | onvif://www.onvif.org/name/front-gate       | false",
            "dn:NetworkVideoTransmitter | onvif://www.onvif.org/Profile/G             | false"})
    void answersProbesForAVideoTransmitterWithMatchingScopes(String types, String scopes, boolean answered) {
        assertThat(matches(probe(types, scopes))).isEqualTo(answered);
    }

    @Test
    void theProbeMatchNamesTheDeviceAndRelatesToTheProbe() {
        SoapMessage probe = SoapMessage.parse(probe("dn:NetworkVideoTransmitter", null).getBytes(StandardCharsets.UTF_8));
        String answer = WsDiscoveryProtocol.probeMatches(DEVICE, probe.messageId(), "http://10.0.0.5:8080/onvif/device_service");
        SoapMessage read = SoapMessage.parse(answer.getBytes(StandardCharsets.UTF_8));
        assertThat(read.action()).isEqualTo("ProbeMatches");
        assertThat(answer).contains("<a:RelatesTo>urn:uuid:probe-1</a:RelatesTo>")
                .contains("<a:Address>urn:uuid:11111111-2222-3333-4444-555555555555</a:Address>")
                .contains("<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>")
                .contains("<d:XAddrs>http://10.0.0.5:8080/onvif/device_service</d:XAddrs>");
        assertThat(read.parameterList("Scopes")).containsExactlyElementsOf(DEVICE.scopes());
        assertThat(matches(answer)).as("an answer is no probe").isFalse();
        assertThat(SoapMessage.parse(WsDiscoveryProtocol.bye(DEVICE).getBytes(StandardCharsets.UTF_8)).action())
                .isEqualTo("Bye");
    }

    @Test
    void readsSoap11AndTheUsernameToken() {
        String soap11 = "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Header>"
                + "<Security><UsernameToken><Username>nvr</Username><Password Type=\"...#PasswordText\">a&amp;b</Password>"
                + "</UsernameToken></Security></e:Header><e:Body><GetScopes xmlns=\"" + Soap.DEVICE_NS + "\"/></e:Body></e:Envelope>";
        SoapMessage message = SoapMessage.parse(soap11.getBytes(StandardCharsets.UTF_8));
        assertThat(message.action()).isEqualTo("GetScopes");
        assertThat(message.actionNamespace()).isEqualTo(Soap.DEVICE_NS);
        assertThat(message.usernameToken()).isEqualTo(new UsernameToken("nvr", "a&b", false, "", ""));
        assertThat(message.usernameToken().toString()).doesNotContain("a&b");
    }

    @Test
    void refusesWhatIsNotAnEnvelopeWithAnAction() {
        assertThatThrownBy(() -> SoapMessage.parse("<html/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a SOAP envelope");
        assertThatThrownBy(() -> SoapMessage.parse(("<Envelope xmlns=\"" + Soap.ENVELOPE_NS + "\"><Body/></Envelope>")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("empty");
        assertThatThrownBy(() -> SoapMessage.parse("<a>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not well-formed");
    }

    @Test
    void escapesWhatItWrites() {
        assertThat(Soap.element("tt:Name", "<a & \"b\">")).isEqualTo("<tt:Name>&lt;a &amp; &quot;b&quot;&gt;</tt:Name>");
        assertThat(Soap.fault("s:Sender", "no", "ter:InvalidArgVal", "ter:NoProfile"))
                .contains("<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:InvalidArgVal</s:Value>"
                        + "<s:Subcode><s:Value>ter:NoProfile</s:Value></s:Subcode></s:Subcode></s:Code>");
    }
}
