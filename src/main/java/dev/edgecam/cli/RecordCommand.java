package dev.edgecam.cli;

import dev.edgecam.client.receive.FrameEndpoint;
import dev.edgecam.client.receive.RtspConnection;
import dev.edgecam.client.receive.ReconnectingReceiver;
import dev.edgecam.client.record.RecordingLimits;
import dev.edgecam.client.record.RecordingLoop;
import dev.edgecam.client.record.RecordingStatus;
import dev.edgecam.client.record.StreamCopyLoop;
import dev.edgecam.media.H264FileRecorder;
import dev.edgecam.media.H264StreamCopyRecorder;
import dev.edgecam.media.RecordingFile;
import dev.edgecam.media.Recorder;
import dev.edgecam.media.Recorders;
import dev.edgecam.media.RecordingFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecam record HOST[:PORT]}: records the live stream to a video file, by default the JPEGs as they
 * arrived in Matroska, each at its real time, and keeps recording across server restarts.
 */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Record the live stream to a video file without re-encoding (MJPEG in Matroska, or AVI for a "
                + ".avi name), each frame at its real time.",
            "From an rtsp:// URL the H.264 is stream-copied, never re-encoded, into Matroska, or fragmented MP4 for a .mp4 "
                + "name, from its first keyframe.",
            "Reconnects when the server restarts or the network drops. Ctrl-C finishes the file; a killed recording "
                + "stays playable up to its last half second."},
        showDefaultValues = true)
final class RecordCommand implements Callable<Integer> {

    /** How the frames are stored. */
    enum Codec { COPY, H264 }

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptionsMixin client;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The video file; .avi gives AVI, any other name Matroska "
                    + "(default: recording_<epoch-ms>.mkv, or .mp4 with --codec h264).")
    Path output;

    @ArgGroup(exclusive = true)
    Limit limit = new Limit();

    static final class Limit {
        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Stop after this long, such as 30s, 5m or 1h (default: until Ctrl-C).")
        Duration duration;

        @Option(names = "--frames", paramLabel = "N", description = "Stop after N frames.")
        Long frames;
    }

    @Option(names = "--codec", paramLabel = "CODEC",
            description = "copy stores the JPEGs as they arrived; h264 transcodes to H.264 in MP4.")
    Codec codec = Codec.COPY;

    @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0",
            description = "Stop reconnecting after this long without a frame; 0 keeps trying until Ctrl-C.")
    Duration giveUpAfter;

    @Override
    public Integer call() {
        RecordingLimits limits = validatedLimits();
        PrintWriter err = spec.commandLine().getErr();
        if (client.server.isRtsp()) {
            return recordRtsp(limits, err);
        }
        FrameEndpoint endpoint = client.endpoint();
        Path file = output != null ? output : Path.of("recording_" + System.currentTimeMillis()
                + (codec == Codec.H264 ? ".mp4" : ".mkv"));
        RecordingFormat format = codec == Codec.H264 ? RecordingFormat.MP4_H264 : RecordingFormat.forPassthrough(file);
        String unwritable = whyNotWritable(file);
        if (unwritable != null) {
            err.println("edgecam: " + unwritable);
            return 1;
        }

        // The recorder first: it loads FFmpeg, which must not happen while frames wait in the socket.
        Recorder recorder;
        try {
            recorder = Recorders.create(file, format);
        } catch (IOException e) {
            // The recorder knows no flags: the command says which one to change.
            err.println("edgecam: " + e.getMessage() + (codec == Codec.H264 ? " (record without --codec h264)" : ""));
            return 1;
        }
        ReconnectingReceiver receiver;
        try {
            receiver = ReconnectingReceiver.open(endpoint, giveUpAfter, new ConsoleReconnectListener(err));
        } catch (IOException e) {
            err.println("edgecam: cannot record from " + endpoint.describe() + ": " + e.getMessage());
            return 1;
        }
        try (receiver) {
            String how = recorder instanceof H264FileRecorder h264 ? format.description() + " with " + h264.encoder()
                    : format.description();
            err.println("recording " + endpoint.describe() + " to " + file + " (" + how + "); Ctrl-C stops");
            return record(receiver, recorder, limits, err);
        }
    }

    /** An RTSP stream's H.264 packets into the file as they came: no decoder, no encoder. */
    private int recordRtsp(RecordingLimits limits, PrintWriter err) {
        if (codec == Codec.H264) {
            err.println("edgecam: an rtsp:// stream is H.264 already and is recorded as it comes; leave out --codec h264");
            return 1;
        }
        Path file = output != null ? output : Path.of("recording_" + System.currentTimeMillis() + ".mkv");
        String unwritable = whyNotWritable(file);
        if (unwritable != null) {
            err.println("edgecam: " + unwritable);
            return 1;
        }
        var options = client.options();
        try (RtspConnection connection = RtspConnection.open(client.server, options, false)) {
            H264StreamCopyRecorder recorder = new H264StreamCopyRecorder(file, connection.videoStream());
            err.println("recording " + client.server + " over " + options.rtspTransport() + " to " + file + " ("
                    + recorder.description() + "); Ctrl-C stops");
            StreamCopyLoop loop = new StreamCopyLoop(connection, recorder, limits, progressLine(err));
            Ending ending = runUntilStopped(loop::run, loop::stop);
            recorder.close();
            err.println();
            return summary(recorder, ending, err);
        } catch (IOException e) {
            err.println("edgecam: cannot record from " + client.server + ": " + e.getMessage());
            return 1;
        }
    }

    /** Why a recording loop ended, for the user, and the command's exit code so far. */
    private record Ending(String reason, int exitCode) {
    }

    /** A recording loop's {@code run()}: records until a limit, the stream's end or a stop, and says why it ended. */
    @FunctionalInterface
    private interface LoopRun {
        String run() throws IOException;
    }

    /** Runs a recording loop with Ctrl-C wired to {@code stop}; a failure to receive or write ends it with exit code 1. */
    private static Ending runUntilStopped(LoopRun loop, Runnable stop) {
        try (SignalWatch ignored = SignalWatch.onSignal(stop)) {
            return new Ending(loop.run(), 0);
        } catch (IOException e) {
            return new Ending("failed: " + e.getMessage(), 1);
        }
    }

    /** A loop's progress callback: the recording's state on one line of {@code err}, rewritten in place. */
    private static <F extends RecordingFile> Consumer<F> progressLine(PrintWriter err) {
        RecordingStatus status = new RecordingStatus();
        return recording -> {
            err.print("\r" + status.line(recording) + "    ");
            err.flush();
        };
    }

    private static int summary(RecordingFile recorder, Ending ending, PrintWriter err) {
        if (recorder.frames() == 0) {
            err.println("edgecam: no frame was received (" + ending.reason() + "); nothing was saved");
            return 1;
        }
        err.println(ending.reason() + ": saved " + recorder.frames() + " frames, "
                + RecordingStatus.clock(recorder.durationMicros() / 1_000_000L) + ", "
                + RecordingStatus.bytes(recorder.bytes()) + " to " + recorder.path().toAbsolutePath());
        return ending.exitCode();
    }

    private int record(ReconnectingReceiver receiver, Recorder recorder, RecordingLimits limits, PrintWriter err) {
        RecordingLoop loop = new RecordingLoop(receiver, recorder, limits, progressLine(err));
        Ending ending = runUntilStopped(loop::run, loop::stop);
        try {
            recorder.close();
        } catch (IOException e) {
            err.println();
            err.println("edgecam: " + e.getMessage());
            return 1;
        }
        err.println();
        return summary(recorder, ending, err);
    }

    /** Why a recording cannot go to {@code file}, checked before connecting; {@code null} when it can. */
    private static String whyNotWritable(Path file) {
        if (Files.exists(file)) {
            return file + " already exists; give another name with -o (a recording never overwrites a file)";
        }
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return "cannot write " + file + ": the directory " + directory + " does not exist";
        }
        if (!Files.isWritable(directory)) {
            return "cannot write " + file + ": the directory " + directory + " is not writable";
        }
        return null;
    }

    private RecordingLimits validatedLimits() {
        if (limit.frames != null && limit.frames < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--frames': " + limit.frames + " is out of range; use 1 or more");
        }
        if (limit.duration != null && limit.duration.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--duration': it must be longer than 0, such as 30s");
        }
        return new RecordingLimits(limit.frames == null ? 0 : limit.frames,
                limit.duration == null ? Duration.ZERO : limit.duration);
    }
}
