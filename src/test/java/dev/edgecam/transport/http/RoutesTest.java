package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request targets edgecam answers, its own and those other MJPEG servers taught people. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RoutesTest {

    @ParameterizedTest
    @CsvSource({
        "/, PAGE",
        "/index.html, PAGE",
        "/stream, STREAM",
        "/stream?fps=5, STREAM",
        "/stream.mjpg, STREAM",
        "/?action=stream, STREAM",
        "/?action=stream&fps=2, STREAM",
        "/snapshot, SNAPSHOT",
        "/snapshot.jpg, SNAPSHOT",
        "/?action=snapshot, SNAPSHOT",
        "/state, STATE",
        "/metrics, METRICS",
        "/settings, SETTINGS",
        "/assets/app.js, ASSET",
    })
    void resolves(String uri, Route route) {
        assertThat(Routes.resolve(uri).route()).isEqualTo(route);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/stream/", "/?action=shutdown", "/?action=", "/state.json", "/metrics/x"})
    void nothingElse(String uri) {
        assertThat(Routes.resolve(uri)).isNull();
    }

    @Test
    void queryParametersAreDecoded() {
        assertThat(Routes.resolve("/?action=stream&fps=2.5").parameter("fps")).isEqualTo("2.5");
        assertThat(Routes.resolve("/stream").parameter("fps")).isNull();
    }

    @Test
    void everyEndpointAlsoAnswersOptions() {
        assertThat(Route.SETTINGS.allowHeader()).isEqualTo("GET, HEAD, PUT, OPTIONS");
        assertThat(Route.STREAM.allowHeader()).isEqualTo("GET, HEAD, OPTIONS");
    }
}
