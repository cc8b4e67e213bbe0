package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerStateTest {

    @Test
    void readsPublishedFramesAndEachClientsSkips() throws IOException {
        String body = "{\"encoder\":{\"framesPublished\":1234,\"quality\":80},\"clients\":["
                + "{\"transport\":\"tcp\",\"address\":\"127.0.0.1:40001\",\"framesSkipped\":3},"
                + "{\"transport\":\"http\",\"address\":\"127.0.0.1:40002\",\"framesSkipped\":0}]}";
        ServerState.Snapshot snapshot = ServerState.parse(body, 42);
        assertThat(snapshot.framesPublished()).isEqualTo(1234);
        assertThat(snapshot.h264FramesPublished()).as("no h264 block: an older server").isEqualTo(-1);
        assertThat(snapshot.nanoTime()).isEqualTo(42);
        assertThat(snapshot.skippedByAddress()).containsExactlyInAnyOrderEntriesOf(
                Map.of("127.0.0.1:40001", 3L, "127.0.0.1:40002", 0L));
    }

    @Test
    void thePublishedRateIsTheRenditionsTheClientsTake() throws IOException {
        ServerState.Snapshot before = ServerState.parse(
                "{\"encoder\":{\"framesPublished\":100},\"h264\":{\"framesPublished\":1000}}", 0);
        ServerState.Snapshot after = ServerState.parse(
                "{\"encoder\":{\"framesPublished\":130},\"h264\":{\"framesPublished\":1060}}", 2_000_000_000L);
        assertThat(ReportBuilder.publishedFps(before, after, false)).as("JPEG").isEqualTo(15.0);
        assertThat(ReportBuilder.publishedFps(before, after, true)).as("H.264").isEqualTo(30.0);
        ServerState.Snapshot older = ServerState.parse("{\"encoder\":{\"framesPublished\":130}}", 2_000_000_000L);
        assertThat(ReportBuilder.publishedFps(before, older, true)).as("no H.264 count").isNaN();
    }

    @Test
    void somethingElseIsNamed() {
        assertThatThrownBy(() -> ServerState.parse("{\"hello\":1}", 0)).hasMessageContaining("is this an edgecam /state URL?");
        assertThatThrownBy(() -> ServerState.parse("<html>", 0)).isInstanceOf(IOException.class);
    }

    @Test
    void serverSkipsAreCountedOverTheWindowForMatchedClientsOnly() {
        ClientProbe a = new ClientProbe(BenchTarget.parse("127.0.0.1:1", null), new MeasureWindow(),
                new java.util.concurrent.CountDownLatch(1), 0);
        ClientProbe b = new ClientProbe(BenchTarget.parse("127.0.0.1:1", null), new MeasureWindow(),
                new java.util.concurrent.CountDownLatch(1), 0);
        ClientProbe neverConnected = new ClientProbe(BenchTarget.parse("127.0.0.1:1", null), new MeasureWindow(),
                new java.util.concurrent.CountDownLatch(1), 0);
        a.connected(1, "127.0.0.1:50001");
        b.connected(1, "127.0.0.1:50002");
        ServerState.Snapshot before = new ServerState.Snapshot(0, 10, 0, Map.of("127.0.0.1:50001", 2L, "127.0.0.1:9", 7L));
        ServerState.Snapshot after = new ServerState.Snapshot(1, 40, 0,
                Map.of("127.0.0.1:50001", 5L, "127.0.0.1:50002", 1L, "127.0.0.1:9", 100L));
        assertThat(ReportBuilder.serverSkipped(List.of(a, b, neverConnected), before, after)).isEqualTo(3 + 1);
        assertThat(ReportBuilder.serverSkipped(List.of(a), null, after)).isEqualTo(-1);
    }
}
