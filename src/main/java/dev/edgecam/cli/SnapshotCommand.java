package dev.edgecam.cli;

import dev.edgecam.client.receive.FrameEndpoint;
import dev.edgecam.client.receive.JpegCheck;
import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.client.receive.RtspEndpoint;
import dev.edgecam.client.record.RecordingStatus;
import dev.edgecam.frame.Size;
import dev.edgecam.media.JpegDimensions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecam snapshot HOST[:PORT]}: saves one fresh JPEG from the server, exactly as it was sent, once it is
 * checked to be a whole JPEG picture ({@link JpegCheck}); anything else is refused and nothing is written.
 */
@Command(name = "snapshot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Save one fresh picture from a server as a JPEG file (the bytes as the server sent them).",
        showDefaultValues = true)
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptionsMixin client;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the JPEG (default: snapshot_<epoch-ms>.jpg in the current directory); from an "
                    + "rtsp:// URL a .png name saves the decoded picture losslessly as PNG.")
    Path output;

    private int noSnapshot(FrameEndpoint endpoint, IOException e) {
        spec.commandLine().getErr().println("edgecam: no snapshot from " + endpoint.describe() + ": " + e.getMessage());
        return 1;
    }

    /** An RTSP stream's first picture as FFmpeg decoded it, losslessly in PNG. */
    private int savePng(RtspEndpoint endpoint, Path file) {
        BufferedImage picture;
        try {
            picture = endpoint.snapshotPicture();
        } catch (IOException e) {
            return noSnapshot(endpoint, e);
        }
        try {
            if (!ImageIO.write(picture, "png", file.toFile())) {
                throw new IOException("no PNG writer in this Java");
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("saved " + picture.getWidth() + "x" + picture.getHeight() + " PNG to "
                + file.toAbsolutePath());
        return 0;
    }

    @Override
    public Integer call() {
        var endpoint = client.endpoint();
        if (endpoint instanceof RtspEndpoint rtsp && output != null
                && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            return savePng(rtsp, output);
        }
        ReceivedFrame frame;
        try {
            frame = endpoint.snapshot();
        } catch (IOException e) {
            return noSnapshot(endpoint, e);
        }
        String notAPicture = JpegCheck.problem(frame.jpeg());
        if (notAPicture != null) {
            spec.commandLine().getErr().println("edgecam: no snapshot from " + endpoint.describe() + ": the "
                    + frame.size() + " bytes it sent are not a JPEG picture (" + notAPicture + "); nothing was saved."
                    + " Is it an edgecam or MJPEG camera server?");
            return 1;
        }
        Path file = output != null ? output : Path.of("snapshot_" + System.currentTimeMillis() + ".jpg");
        try {
            Files.write(file, frame.jpeg());
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam: cannot write " + file + ": " + e);
            return 1;
        }
        Size size = JpegDimensions.of(frame.jpeg());
        spec.commandLine().getOut().println("saved " + size + " JPEG ("
                + RecordingStatus.bytes(frame.size()) + ") to " + file.toAbsolutePath());
        return 0;
    }
}
