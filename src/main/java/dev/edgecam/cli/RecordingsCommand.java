package dev.edgecam.cli;

import dev.edgecam.client.playback.RecordingsClient;
import dev.edgecam.client.receive.ServerAddress;
import dev.edgecam.frame.Durations;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edgecam recordings HOST}: lists what a server recorded on its disk, and downloads it. */
@Command(name = "recordings",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "List the segments a server recorded (its /recordings), and download them with --download.")
final class RecordingsCommand implements Callable<Integer> {

    /** A server named without a port is asked on edgecam's HTTP port. */
    static final int DEFAULT_HTTP_PORT = 8080;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptionsMixin client;

    @Option(names = "--camera", paramLabel = "ID", description = "Only this camera (default: every camera).")
    String camera;

    @Option(names = "--since", paramLabel = "TIME", description = "Only segments that end after this: a time such as"
            + " 2026-11-30T07:00:00Z, or how long ago, such as 2h or 1d.")
    String since;

    @Option(names = "--download", paramLabel = "DIR", description = "Download the listed segments (but the one being"
            + " written) into DIR/CAMERA/YYYY-MM-DD/.")
    Path download;

    @Option(names = "--clip", paramLabel = "FROM..TO", description = "Download one file of this time range of --camera,"
            + " cut on keyframes without re-encoding (it begins at the keyframe at or before FROM): two UTC times such"
            + " as 2026-11-30T07:00:00Z..2026-11-30T07:05:00Z. Needs -o.")
    String clip;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where --clip writes (.mp4 for H.264"
            + " cameras, .mkv for MJPEG ones).")
    Path output;

    @Override
    public Integer call() {
        if (clip != null) {
            return downloadClip();
        }
        Instant after = since == null ? null : parseSince(since);
        RecordingsClient recordings = new RecordingsClient(httpAddress(client.server), client.options());
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<RecordingsClient.Segment> segments = recordings.list(camera, after);
            for (RecordingsClient.Segment segment : segments) {
                out.printf(Locale.ROOT, "%-12s %s  %7.1f s  %10d bytes  %s%s%n", segment.camera(), segment.start(),
                        segment.durationSeconds(), segment.bytes(), segment.url(), segment.writing() ? "  (writing)" : "");
            }
            out.printf(Locale.ROOT, "%d segment(s)%n", segments.size());
            if (download != null) {
                for (RecordingsClient.Segment segment : segments) {
                    if (!segment.writing()) {
                        out.println("downloaded " + recordings.download(segment, download));
                    }
                }
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam: recordings of " + client.server + ": " + e.getMessage());
            return 1;
        }
    }

    private int downloadClip() {
        if (camera == null || output == null) {
            throw new ParameterException(spec.commandLine(), "--clip needs --camera ID and -o FILE");
        }
        String[] range = clip.split("\\.\\.", -1);
        Instant from;
        Instant to;
        try {
            if (range.length != 2) {
                throw new DateTimeParseException("no '..'", clip, 0);
            }
            from = Instant.parse(range[0]);
            to = Instant.parse(range[1]);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--clip: '" + clip + "' is not FROM..TO with two UTC"
                    + " times, such as 2026-11-30T07:00:00Z..2026-11-30T07:05:00Z");
        }
        RecordingsClient recordings = new RecordingsClient(httpAddress(client.server), client.options());
        try {
            Instant start = recordings.clip(camera, from, to, output);
            spec.commandLine().getOut().println("clip of " + camera + " from the keyframe at " + start + " to " + to
                    + ": " + output);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam: clip of " + camera + " from " + client.server + ": "
                    + e.getMessage());
            return 1;
        }
    }

    /** {@code HOST[:PORT]} or an http(s) URL: a bare host (the legacy form) means edgecam's HTTP port. */
    private static ServerAddress httpAddress(ServerAddress given) {
        if (given.isHttp()) {
            return given;
        }
        int port = given.port() == LegacyProtocol.DEFAULT_PORT ? DEFAULT_HTTP_PORT : given.port();
        return new ServerAddress(ServerAddress.Scheme.HTTP, given.host(), port, "/", given.userInfo());
    }

    private Instant parseSince(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Instant.now().minus(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--since: '" + text + "' is neither a time such as"
                        + " 2026-11-30T07:00:00Z nor a duration such as 2h");
            }
        }
    }
}
