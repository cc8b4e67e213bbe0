package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may change the picture for everyone: nobody with {@code --read-only-settings} (403, settings untouched),
 * only logged-in users when logins are on (even with {@code --public settings}), else anyone; {@code /state}
 * tells the page which.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSettingsPermissionTest {

    private static final String CHANGE = "{\"quality\": 40}";

    @Test
    void readOnlySettingsRefuseEveryChangeWithAClearReasonAndStayAsTheyWere() throws Exception {
        try (HttpTestServer server = HttpTestServer.start(options -> options.withSettingsReadOnly(true))) {
            assertReadOnly(server);
        }
    }

    private static void assertReadOnly(HttpTestServer server) throws Exception {
        HttpResponse<String> refused = send(server, put(server, CHANGE));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("settings not changed").contains("read-only")
                .contains("--read-only-settings");
        assertThat(server.camera.settings()).isEqualTo(EncodeSettings.defaults());
        assertThat(send(server, get(server, "/settings")).statusCode()).as("reading is fine").isEqualTo(200);

        JsonNode settings = state(server).get("settings");
        assertThat(settings.get("changeable").asBoolean()).isFalse();
        assertThat(settings.get("changedBy").asText()).isEqualTo("nobody");
    }

    @Test
    void withoutLoginsAnyoneMayChangeThemAndStateSaysSo() throws Exception {
        try (HttpTestServer server = HttpTestServer.start()) {
            assertThat(send(server, put(server, CHANGE)).statusCode()).isEqualTo(200);
            assertThat(server.camera.settings().quality()).isEqualTo(40);

            JsonNode settings = state(server).get("settings");
            assertThat(settings.get("changeable").asBoolean()).isTrue();
            assertThat(settings.get("changedBy").asText()).isEqualTo("anyone");
        }
    }

    /** {@code --public settings} lets anyone read them; a change still needs a login. */
    @Test
    void withLoginsOnlyLoggedInUsersMayChangeThemEvenWhenSettingsArePublic() throws Exception {
        try (HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.parse("settings,state"));
             HttpTestServer server = HttpTestServer.startWithLogin(login)) {
            assertOnlyLoggedInUsersChange(server);
        }
    }

    private static void assertOnlyLoggedInUsersChange(HttpTestServer server) throws Exception {
        assertThat(send(server, get(server, "/settings")).statusCode()).as("public for reading").isEqualTo(200);
        HttpResponse<String> anonymous = send(server, put(server, CHANGE));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("log in");
        assertThat(server.camera.settings()).isEqualTo(EncodeSettings.defaults());

        String alice = "Basic " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
        assertThat(send(server, HttpRequest.newBuilder(server.uri("/settings")).header("Authorization", alice)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(CHANGE)))
                .statusCode()).isEqualTo(200);
        assertThat(server.camera.settings().quality()).isEqualTo(40);

        JsonNode settings = state(server).get("settings");
        assertThat(settings.get("changeable").asBoolean()).isTrue();
        assertThat(settings.get("changedBy").asText()).isEqualTo("users");
    }

    private static HttpRequest.Builder put(HttpTestServer server, String body) {
        return HttpRequest.newBuilder(server.uri("/settings")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder get(HttpTestServer server, String path) {
        return HttpRequest.newBuilder(server.uri(path));
    }

    private static JsonNode state(HttpTestServer server) throws Exception {
        HttpResponse<String> response = send(server, get(server, "/state"));
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static HttpResponse<String> send(HttpTestServer server, HttpRequest.Builder request) throws Exception {
        return HttpTestServer.HTTP_CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
