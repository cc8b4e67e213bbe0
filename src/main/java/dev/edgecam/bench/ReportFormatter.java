package dev.edgecam.bench;

import dev.edgecam.bench.BenchReport.Cpu;
import dev.edgecam.bench.BenchReport.Group;
import dev.edgecam.bench.BenchReport.Server;
import dev.edgecam.bench.Percentiles.Spread;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link BenchReport} as a plain table for people or as JSON for machines. */
public final class ReportFormatter {

    private ReportFormatter() {
    }

    /** A few aligned lines; {@code n/a} where a figure could not be measured. */
    public static String table(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "edgecam bench: %d clients, %.1f s measured, against %s%s%n",
                report.clients(), report.windowSeconds(), String.join(" ", report.targets()),
                Double.isNaN(report.publishedFps()) ? ""
                        : String.format(Locale.ROOT, "; the server published %.1f fps", report.publishedFps())));
        String row = "%-9s %9s %20s %12s %22s %9s %22s%n";
        out.append(String.format(Locale.ROOT, row, "transport", "receiving", "fps min/median/max", "skip seq/srv",
                "latency p50/p95/p99 ms", "MB/s", "first frame med/max ms"));
        for (Group g : report.groups()) {
            out.append(String.format(Locale.ROOT, row, g.transport(), g.receiving() + "/" + g.clients(),
                    spread(g.fps(), "%.1f"), count(g.skipped()) + "/" + count(g.serverSkipped()),
                    three(g.latencyP50(), g.latencyP95(), g.latencyP99()), number(g.bytesPerSecond() / 1e6, "%.1f"),
                    number(g.firstFrame().median(), "%.0f") + "/" + number(g.firstFrame().max(), "%.0f")));
        }
        for (Group g : report.groups()) {
            if (g.isRtp()) {
                out.append(String.format(Locale.ROOT, "%s: %d RTP packets lost; first keyframe %s/%s ms (median/max) after PLAY%s%n",
                        g.transport(), g.lostPackets(), number(g.firstKeyframe().median(), "%.0f"),
                        number(g.firstKeyframe().max(), "%.0f"), g.unmappedLatencies() == 0 ? ""
                                : "; " + g.unmappedLatencies() + " frames had a capture time after their arrival by the"
                                        + " sender reports' clock (not this machine's clock): no latency for them"));
            }
        }
        Server server = report.server();
        if (server != null) {
            out.append(String.format(Locale.ROOT,
                    "server pid %d: %s%% of a core, %s us CPU per delivered frame (serving %s us, encoding excluded;"
                            + " capture+encode %s us); GC %s%% and JIT compiler %s%% of its CPU; RSS %s MB (peak %s MB)%n",
                    server.pid(), number(server.total().percentOfCore(), "%.1f"),
                    number(server.total().microsPerFrame(), "%.1f"), number(server.serving().microsPerFrame(), "%.1f"),
                    number(server.capture().microsPerFrame(), "%.1f"), number(server.gcPercentOfCpu(), "%.2f"),
                    number(server.jitPercentOfCpu(), "%.2f"),
                    number(server.rssKb() / 1024.0, "%.0f"), number(server.peakRssKb() / 1024.0, "%.0f")));
        }
        Cpu self = report.loadGenerator();
        if (self != null) {
            out.append(String.format(Locale.ROOT, "load generator: %s%% of a core, %s us CPU per frame%n",
                    number(self.percentOfCore(), "%.1f"), number(self.microsPerFrame(), "%.1f")));
        }
        for (Map.Entry<String, Integer> failure : report.failures().entrySet()) {
            out.append(String.format(Locale.ROOT, "failed: %d x %s%n", failure.getValue(), failure.getKey()));
        }
        return out.toString();
    }

    /** One JSON object; unmeasured figures are {@code null}. */
    public static String json(BenchReport report) {
        Json json = new Json();
        json.open('{');
        json.key("targets").open('[');
        report.targets().forEach(json::string);
        json.close(']');
        json.key("clients").number(report.clients());
        json.key("windowSeconds").number(report.windowSeconds());
        json.key("publishedFps").number(report.publishedFps());
        json.key("groups").open('[');
        for (Group g : report.groups()) {
            json.open('{');
            json.key("transport").string(g.transport());
            json.key("clients").number(g.clients());
            json.key("receiving").number(g.receiving());
            spread(json.key("fps"), g.fps());
            json.key("frames").number(g.frames());
            json.key("skipped").number(g.skipped() < 0 ? Double.NaN : g.skipped());
            json.key("serverSkipped").number(g.serverSkipped() < 0 ? Double.NaN : g.serverSkipped());
            json.key("latencyMillis").open('{');
            json.key("p50").number(g.latencyP50());
            json.key("p95").number(g.latencyP95());
            json.key("p99").number(g.latencyP99());
            json.close('}');
            json.key("bytesPerSecond").number(g.bytesPerSecond());
            spread(json.key("firstFrameMillis"), g.firstFrame());
            spread(json.key("connectMillis"), g.connect());
            if (g.isRtp()) {
                json.key("lostPackets").number(g.lostPackets());
                spread(json.key("firstKeyframeMillis"), g.firstKeyframe());
                json.key("unmappedLatencies").number(g.unmappedLatencies());
            }
            json.close('}');
        }
        json.close(']');
        Server server = report.server();
        json.key("server");
        if (server == null) {
            json.raw("null");
        } else {
            json.open('{');
            json.key("pid").number(server.pid());
            cpu(json.key("total"), server.total());
            cpu(json.key("serving"), server.serving());
            cpu(json.key("capture"), server.capture());
            json.key("gcPercentOfCpu").number(server.gcPercentOfCpu());
            json.key("jitPercentOfCpu").number(server.jitPercentOfCpu());
            json.key("rssKb").number(server.rssKb());
            json.key("peakRssKb").number(server.peakRssKb());
            json.close('}');
        }
        json.key("loadGenerator");
        if (report.loadGenerator() == null) {
            json.raw("null");
        } else {
            cpu(json, report.loadGenerator());
        }
        json.key("failures").open('{');
        report.failures().forEach((reason, count) -> json.key(reason).number(count));
        json.close('}');
        json.close('}');
        return json.toString();
    }

    private static void spread(Json json, Spread spread) {
        json.open('{');
        json.key("min").number(spread.min());
        json.key("median").number(spread.median());
        json.key("max").number(spread.max());
        json.close('}');
    }

    private static void cpu(Json json, Cpu cpu) {
        json.open('{');
        json.key("percentOfCore").number(cpu.percentOfCore());
        json.key("microsPerFrame").number(cpu.microsPerFrame());
        json.close('}');
    }

    private static String spread(Spread spread, String format) {
        return number(spread.min(), format) + "/" + number(spread.median(), format) + "/" + number(spread.max(), format);
    }

    private static String count(long value) {
        return value < 0 ? "n/a" : Long.toString(value);
    }

    private static String three(double a, double b, double c) {
        return Double.isNaN(a) ? "n/a" : number(a, "%.1f") + "/" + number(b, "%.1f") + "/" + number(c, "%.1f");
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** Just enough of a JSON writer for the report: commas and escaping in one place. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        private boolean needComma;

        Json open(char bracket) {
            comma();
            out.append(bracket);
            needComma = false;
            return this;
        }

        Json close(char bracket) {
            out.append(bracket);
            needComma = true;
            return this;
        }

        Json key(String name) {
            comma();
            quote(name);
            out.append(':');
            needComma = false;
            return this;
        }

        Json string(String value) {
            comma();
            quote(value);
            needComma = true;
            return this;
        }

        Json number(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return raw("null");
            }
            return raw(value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4f", value));
        }

        Json raw(String text) {
            comma();
            out.append(text);
            needComma = true;
            return this;
        }

        private void comma() {
            if (needComma) {
                out.append(',');
            }
        }

        private void quote(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
