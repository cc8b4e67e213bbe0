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

    /** A camera's own URLs, with the aliases its unprefixed ones have; {@code -} is "by number". */
    @ParameterizedTest
    @CsvSource({
        "/cam/door/stream, STREAM, door, 0",
        "/cam/door/stream.mjpg, STREAM, door, 0",
        "/cam/door/?action=stream, STREAM, door, 0",
        "/cam/till_2/snapshot, SNAPSHOT, till_2, 0",
        "/cam/till_2/snapshot.jpg, SNAPSHOT, till_2, 0",
        "/cam/yard-1/settings, SETTINGS, yard-1, 0",
        "/stream, STREAM, -, 0",
        "/?action=stream_0, STREAM, -, 0",
        "/?action=stream_2, STREAM, -, 2",
        "/?action=snapshot_1, SNAPSHOT, -, 1",
    })
    void resolvesTheCamera(String uri, Route route, String id, int index) {
        Routes.Target target = Routes.resolve(uri);
        assertThat(target.route()).isEqualTo(route);
        assertThat(target.cameraId()).isEqualTo(id.equals("-") ? null : id);
        assertThat(target.cameraIndex()).isEqualTo(index);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/stream/", "/?action=shutdown", "/?action=", "/state.json", "/metrics/x",
        "/cam/", "/cam/door", "/cam//stream", "/cam/door/", "/cam/door/state", "/cam/door/metrics",
        "/cam/door/assets/app.js", "/cam/door/?action=stream_1", "/?action=stream_", "/?action=stream_x"})
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
