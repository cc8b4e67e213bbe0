package dev.edgecam.transport.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SOAP services on a real server with a user, request by request: which calls need a login and what a refused
 * or unsupported call gets (the SOAP fault, its subcode, the HTTP status ONVIF's binding gives it), with the
 * UsernameToken forms clients send (PasswordDigest, PasswordText) and an HTTP Basic login.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnvifSoapTest {

    private static final String DIGEST_TYPE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private static final String TEXT_TYPE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EdgecamServer server;

    @BeforeAll
    static void start() throws Exception {
        server = OnvifClientTest.start(SecurityConfig.open().withAuth(UserStore.of(List.of("nvr:s3cret"), List.of()),
                PublicEndpoints.none()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theClockIsReadWithoutALoginAndEverythingElseNeedsOne() throws Exception {
        HttpResponse<String> clock = post("device", "", "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        assertThat(clock.statusCode()).isEqualTo(200);
        assertThat(clock.headers().firstValue("Content-Type")).hasValue("application/soap+xml; charset=utf-8");
        assertThat(clock.body()).contains("<tt:UTCDateTime>").contains("<tt:Year>" + Instant.now().toString().substring(0, 4));

        HttpResponse<String> refused = post("media", "", getProfiles());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<s:Value>s:Sender</s:Value>").contains("<s:Value>ter:NotAuthorized</s:Value>")
                .doesNotContain("cam0");
        for (String action : List.of("GetDeviceInformation", "GetCapabilities", "GetServices", "GetScopes", "GetHostname",
                "GetNetworkInterfaces")) {
            assertThat(post("device", "", "<" + action + " xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>").statusCode())
                    .as(action).isEqualTo(400);
        }
    }

    @Test
    void aPasswordDigestOfTheUserIsAcceptedOnceAndNotWhenStaleOrWrong() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String token = digestToken("nvr", "s3cret", "bm9uY2UtMDEyMzQ1Njc4OQ==", now.toString());
        HttpResponse<String> accepted = post("media", token, getProfiles());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("<trt:Profiles token=\"cam0\" fixed=\"true\">")
                .contains("<tt:Encoding>H264</tt:Encoding>").contains("<tt:Width>320</tt:Width>");

        assertThat(post("media", token, getProfiles()).statusCode()).as("the same nonce again: a replay").isEqualTo(400);
        assertThat(post("media", digestToken("nvr", "wrong", "bm9uY2UtYW5vdGhlcg==", now.toString()), getProfiles())
                .statusCode()).as("wrong password").isEqualTo(400);
        String stale = Instant.now().minus(10, ChronoUnit.MINUTES).toString();
        assertThat(post("media", digestToken("nvr", "s3cret", "bm9uY2Utc3RhbGUtMQ==", stale), getProfiles()).statusCode())
                .as("created 10 min ago").isEqualTo(400);
    }

    @Test
    void aPasswordTextOrAnHttpBasicLoginIsAcceptedToo() throws Exception {
        String text = "<Security xmlns=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
                + "<UsernameToken><Username>nvr</Username><Password Type=\"" + TEXT_TYPE + "\">s3cret</Password>"
                + "</UsernameToken></Security>";
        assertThat(post("device", text, "<GetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>").body())
                .contains("<tds:HostnameInformation>");
        HttpResponse<String> basic = HTTP.send(request("media", "", getProfiles())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("nvr:s3cret".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(200);
    }

    @Test
    void unsupportedCallsAndBadArgumentsGetTheirFaults() throws Exception {
        String login = textToken();
        HttpResponse<String> reboot = post("device", login, "<SystemReboot xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        assertThat(reboot.statusCode()).isEqualTo(500);
        assertThat(reboot.body()).contains("<s:Value>s:Receiver</s:Value>").contains("ter:ActionNotSupported")
                .contains("SystemReboot is not offered");

        String overHttp = "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup>"
                + "<Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream><Transport xmlns="
                + "\"http://www.onvif.org/ver10/schema\"><Protocol>HTTP</Protocol></Transport></StreamSetup>"
                + "<ProfileToken>cam0</ProfileToken></GetStreamUri>";
        HttpResponse<String> tunnel = post("media", login, overHttp);
        assertThat(tunnel.statusCode()).isEqualTo(400);
        assertThat(tunnel.body()).contains("ter:InvalidStreamSetup");
        HttpResponse<String> noProfile = post("media", login, "<GetSnapshotUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\">"
                + "<ProfileToken>nope</ProfileToken></GetSnapshotUri>");
        assertThat(noProfile.statusCode()).isEqualTo(400);
        assertThat(noProfile.body()).contains("ter:NoProfile").contains("the profiles are cam0");

        HttpResponse<String> audio = post("media", login, "<GetAudioSources xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertThat(audio.statusCode()).as("no audio: an empty list, not a fault").isEqualTo(200);
        assertThat(audio.body()).contains("<trt:GetAudioSourcesResponse/>");

        HttpResponse<String> uri = post("media", login, overHttp.replace("HTTP</Protocol>", "RTSP</Protocol>"));
        assertThat(uri.body()).contains("<tt:Uri>rtsp://127.0.0.1:" + server.rtspPort() + "/cam0</tt:Uri>");
    }

    @Test
    void aDocumentTypeOrBrokenXmlIsRefusedUnread() throws Exception {
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&x;</GetSystemDateAndTime>"
                + "</s:Body></s:Envelope>";
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(url("device")))
                .header("Content-Type", "application/soap+xml").POST(HttpRequest.BodyPublishers.ofString(entity)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("ter:WellFormed").doesNotContain("root:");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(url("device"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as("SOAP is POST only").isEqualTo(405);
    }

    @Test
    void anNvrMayUseANameTheServerWasNotToldOf() throws Exception {
        // ONVIF's POSTs change nothing, so the DNS-rebinding check of changing requests lets any Host through
        String envelope = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>";
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /onvif/device_service HTTP/1.1\r\nHost: nvr-knows-me-as.lan:8080\r\n"
                    + "Content-Type: application/soap+xml\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("<tt:UTCDateTime>");
        }
    }

    private static String getProfiles() {
        return "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>";
    }

    private static String textToken() {
        return "<Security xmlns=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
                + "<UsernameToken><Username>nvr</Username><Password Type=\"" + TEXT_TYPE + "\">s3cret</Password>"
                + "</UsernameToken></Security>";
    }

    /** A UsernameToken as ONVIF clients make it: Base64(SHA-1(nonce + created + password)). */
    static String digestToken(String user, String password, String nonce, String created) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(Base64.getDecoder().decode(nonce));
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        String digest = Base64.getEncoder().encodeToString(sha1.digest(password.getBytes(StandardCharsets.UTF_8)));
        return "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + "<wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username><wsse:Password Type=\"" + DIGEST_TYPE
                + "\">" + digest + "</wsse:Password><wsse:Nonce>" + nonce + "</wsse:Nonce><wsu:Created>" + created
                + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    private static HttpResponse<String> post(String service, String header, String body) throws Exception {
        return HTTP.send(request(service, header, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String service, String header, String body) {
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<s:Header>" + header + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
        return HttpRequest.newBuilder(URI.create(url(service))).header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
    }

    private static String url(String service) {
        return "http://127.0.0.1:" + server.httpPort() + "/onvif/" + service + "_service";
    }
}
