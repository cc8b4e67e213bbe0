package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.bench.BenchReport.Cpu;
import dev.edgecam.bench.BenchReport.Group;
import dev.edgecam.bench.BenchReport.Server;
import dev.edgecam.bench.Percentiles.Spread;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReportFormatterTest {

    private static final Group TCP = new Group("tcp", 2, 2, new Spread(29.5, 30, 30.1), 1200, -1, 4,
            Double.NaN, Double.NaN, Double.NaN, 2_500_000, new Spread(40, 45, 50), new Spread(1, 2, 3));
    private static final Group HTTP = new Group("http", 1, 1, new Spread(30, 30, 30), 600, 3, -1,
            1.25, 2.5, 4, 1_250_000, new Spread(60, 60, 60), new Spread(1, 1, 1));
    private static final Group ALL = new Group("all", 3, 3, new Spread(29.5, 30, 30.1), 1800, 3, 4,
            1.25, 2.5, 4, 3_750_000, new Spread(40, 50, 60), new Spread(1, 1.5, 3));
    private static final BenchReport MIXED = new BenchReport(List.of("127.0.0.1:6810", "http://127.0.0.1:8080/stream"),
            3, 20, List.of(HTTP, TCP, ALL), new Server(77, new Cpu(12.5, 41.6667), new Cpu(2, 6.5), new Cpu(10.5, 35),
            0.5, 2.25, 81_920, 90_112), new Cpu(1.5, 5), Map.of("the server closed \"the\" connection", 1), 29.75);

    @Test
    void tableShowsEveryGroupAndNaForWhatTheProtocolCannotTell() {
        String table = ReportFormatter.table(MIXED);
        assertThat(table).startsWith("edgecam bench: 3 clients, 20.0 s measured, against 127.0.0.1:6810 http://127.0.0.1:8080/stream;"
                + " the server published 29.8 fps\n");
        assertThat(table.lines()).hasSize(8);
        assertThat(table).containsPattern("tcp +2/2 +29\\.5/30\\.0/30\\.1 +n/a/4 +n/a +2\\.5 +45/50\n");
        assertThat(table).containsPattern("http +1/1 +30\\.0/30\\.0/30\\.0 +3/n/a +1\\.3/2\\.5/4\\.0 +1\\.3 +60/60\n");
        assertThat(table).contains("server pid 77: 12.5% of a core, 41.7 us CPU per delivered frame (serving 6.5 us,"
                + " encoding excluded; capture+encode 35.0 us); GC 0.50% and JIT compiler 2.25% of its CPU; RSS 80 MB (peak 88 MB)");
        assertThat(table).contains("load generator: 1.5% of a core, 5.0 us CPU per frame");
        assertThat(table).contains("failed: 1 x the server closed \"the\" connection");
    }

    @Test
    void jsonHasEveryFigureAndNullForUnmeasured() {
        BenchReport tcpOnly = new BenchReport(List.of("h:1"), 2, 2.5, List.of(TCP), null, null, Map.of("a\nb", 2), Double.NaN);
        assertThat(ReportFormatter.json(tcpOnly)).isEqualTo("{\"targets\":[\"h:1\"],\"clients\":2,\"windowSeconds\":2.5000,\"publishedFps\":null,"
                + "\"groups\":[{\"transport\":\"tcp\",\"clients\":2,\"receiving\":2,"
                + "\"fps\":{\"min\":29.5000,\"median\":30,\"max\":30.1000},\"frames\":1200,\"skipped\":null,\"serverSkipped\":4,"
                + "\"latencyMillis\":{\"p50\":null,\"p95\":null,\"p99\":null},\"bytesPerSecond\":2500000,"
                + "\"firstFrameMillis\":{\"min\":40,\"median\":45,\"max\":50},"
                + "\"connectMillis\":{\"min\":1,\"median\":2,\"max\":3}}],"
                + "\"server\":null,\"loadGenerator\":null,\"failures\":{\"a\\nb\":2}}");
    }

    @Test
    void jsonOfAMixedRunNamesTheServerAndQuotesReasons() {
        String json = ReportFormatter.json(MIXED);
        assertThat(json).contains("\"server\":{\"pid\":77,\"total\":{\"percentOfCore\":12.5000,\"microsPerFrame\":41.6667},"
                + "\"serving\":{\"percentOfCore\":2,\"microsPerFrame\":6.5000}");
        assertThat(json).contains("\"gcPercentOfCpu\":0.5000,\"jitPercentOfCpu\":2.2500,\"rssKb\":81920,\"peakRssKb\":90112}");
        assertThat(json).contains("\"failures\":{\"the server closed \\\"the\\\" connection\":1}}");
        assertThat(json).contains("{\"transport\":\"all\",\"clients\":3,");
        assertThat(MIXED.overall().transport()).isEqualTo("all");
    }
}
