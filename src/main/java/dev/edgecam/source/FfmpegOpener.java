package dev.edgecam.source;

import dev.edgecam.frame.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens FFmpeg's grabber for a camera, file or URL source with the options each kind needs, and turns FFmpeg's
 * failures into messages that say what to check.
 */
final class FfmpegOpener {

    private static final Logger log = LoggerFactory.getLogger(FfmpegOpener.class);
    /** Network reads give up after this long, so a dead camera is noticed and retried instead of hanging. */
    private static final long NETWORK_TIMEOUT_MICROS = 5_000_000;

    private final SourceSpec spec;
    private final Size requestedSize;
    private final double requestedFps;

    /**
     * @param requestedSize the size to ask a camera for (files and URLs keep their own)
     * @param requestedFps the rate to ask a camera for (files and URLs keep their own)
     */
    FfmpegOpener(SourceSpec spec, Size requestedSize, double requestedFps) {
        this.spec = spec;
        this.requestedSize = requestedSize;
        this.requestedFps = requestedFps;
    }

    /** Opens the source: a camera asked for MJPEG first (passthrough), a file or URL as it is. */
    FFmpegFrameGrabber open() throws SourceException {
        checkExists();
        return spec.kind() == SourceSpec.Kind.CAMERA ? startCamera() : start(newGrabber(), spec.kind() == SourceSpec.Kind.URL);
    }

    /** Opens a file anew, for the formats that cannot seek back to their start to loop. */
    FFmpegFrameGrabber reopen() throws SourceException {
        return start(newGrabber(), false);
    }

    /** The source as error messages name it: {@code file '/path'}. */
    String what() {
        return spec.kind().label() + " '" + spec.target() + "'";
    }

    private FFmpegFrameGrabber newGrabber() {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec.target());
        if (spec.kind() == SourceSpec.Kind.URL) {
            if (spec.target().startsWith("rtsp")) {
                g.setOption("rtsp_transport", "tcp");
                g.setOption("timeout", Long.toString(NETWORK_TIMEOUT_MICROS));
            } else {
                g.setOption("rw_timeout", Long.toString(NETWORK_TIMEOUT_MICROS));
            }
        }
        return g;
    }

    /**
     * Asks the camera for the format its spec names ({@code ?format=h264}: its own H.264, passed through), else MJPEG
     * first (passthrough), then for whatever raw format it offers.
     */
    private FFmpegFrameGrabber startCamera() throws SourceException {
        if (spec.cameraFormat() != null && !spec.cameraFormat().equals("mjpeg")) {
            return start(cameraGrabber(spec.cameraFormat()), false);
        }
        try {
            return start(cameraGrabber("mjpeg"), false);
        } catch (SourceException mjpegRefused) {
            log.info("SOURCE: camera {} offers no MJPEG at {} ({}); trying raw frames",
                    spec.target(), requestedSize, mjpegRefused.getMessage());
            return start(cameraGrabber(null), false);
        }
    }

    /** @param inputFormat the V4L2 format to ask for ({@code mjpeg}, {@code h264}), or null for the camera's raw one */
    private FFmpegFrameGrabber cameraGrabber(String inputFormat) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec.device());
        g.setFormat("video4linux2");
        if (inputFormat != null) {
            g.setOption("input_format", inputFormat);
        }
        g.setImageWidth(requestedSize.width());
        g.setImageHeight(requestedSize.height());
        g.setFrameRate(requestedFps);
        return g;
    }

    private FFmpegFrameGrabber start(FFmpegFrameGrabber g, boolean network) throws SourceException {
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            try {
                g.close();
            } catch (Exception ignored) {
                // Already failing: the open error is the one worth reporting.
            }
            throw new SourceException("cannot open " + what() + ": " + cleanReason(e)
                    + (network ? " (check the URL and that the camera is reachable)" : ""), e);
        }
    }

    private void checkExists() throws SourceException {
        if (spec.kind() == SourceSpec.Kind.URL) {
            return;
        }
        if (!Files.exists(Path.of(spec.device()))) {
            throw new SourceException("cannot open " + what() + ": it does not exist"
                    + (spec.kind() == SourceSpec.Kind.CAMERA
                    ? " (is the camera plugged in? `ls /dev/video*` lists cameras; use --source test without one)"
                    : " (check the path)"));
        }
        if (spec.kind() == SourceSpec.Kind.FILE && !Files.isReadable(Path.of(spec.target()))) {
            throw new SourceException("cannot open " + what() + ": it is not readable (check its permissions)");
        }
    }

    static String cleanReason(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // JavaCV's messages end with a hint about setFormat() that only confuses users.
        int hint = message.indexOf(" (Has setFormat()");
        return hint > 0 ? message.substring(0, hint) : message;
    }
}
