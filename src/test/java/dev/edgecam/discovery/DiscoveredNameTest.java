package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which arguments are camera names, which camera a name means, and what an unknown or ambiguous one says. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DiscoveredNameTest {

    private final FoundCamera shopDoor = new FoundCamera("door", "shop-pi", "192.0.2.7", 8080, 8554, false, "1");
    private final FoundCamera homeDoor = new FoundCamera("door", "home-pi", "192.0.2.8", 8080, 8554, false, "1");
    private final FoundCamera yard = new FoundCamera("yard", "home-pi", "192.0.2.8", 8080, 8554, false, "1");

    @ParameterizedTest
    @ValueSource(strings = {"shop-door", "door@shop-pi", "door@shop-pi.local", "edgecam door on shop-pi", "cam0"})
    void namesAreLookedUp(String argument) {
        assertThat(DiscoveredName.isName(argument)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"camera.local", "192.168.1.20", "localhost", "shop-pi:6810", "[::1]:6810", "::1",
        "http://camera.local:8080/stream", "rtsp://u:p@cam/stream", "", "two words", "a@b:80"})
    void addressesAreNot(String argument) {
        assertThat(DiscoveredName.isName(argument)).isFalse();
    }

    @Test
    void aNameMeansTheCameraOfThatIdAndServerWhateverTheCase() {
        List<FoundCamera> found = List.of(shopDoor, homeDoor, yard);

        assertThat(DiscoveredName.pick("door@shop-pi", found)).isEqualTo(shopDoor);
        assertThat(DiscoveredName.pick("Door@Home-Pi.local", found)).isEqualTo(homeDoor);
        assertThat(DiscoveredName.pick("yard", found)).isEqualTo(yard);
        assertThat(DiscoveredName.pick("edgecam door on home-pi", found)).isEqualTo(homeDoor);
    }

    @Test
    void anIdTwoServersHaveAsksWhichOne() {
        assertThatThrownBy(() -> DiscoveredName.pick("door", List.of(shopDoor, homeDoor)))
                .hasMessage("'door' is a camera of several servers: door@shop-pi, door@home-pi; give one of them");
    }

    @Test
    void anUnknownNameListsWhatAnswered() {
        assertThatThrownBy(() -> DiscoveredName.pick("porch", List.of(shopDoor)))
                .hasMessage("no camera named 'porch' on the LAN (found door@shop-pi (http://192.0.2.7:8080/cam/door/stream))."
                        + " Give one of those names, HOST:PORT for a legacy server, or a URL; 'edgecam discover' lists "
                        + "the cameras");
        assertThatThrownBy(() -> DiscoveredName.pick("porch", List.of())).hasMessageContaining("no edgecam camera answered");
    }
}
