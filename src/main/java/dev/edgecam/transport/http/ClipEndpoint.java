package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.media.ClipCutter;
import dev.edgecam.record.RecordingIndex;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /recordings/ID/clip?from=2026-11-30T07:00:00Z&to=2026-11-30T07:02:30Z}: one file of a time range,
 * cut from the camera's segments on keyframes without re-encoding ({@link ClipCutter}): it begins at the keyframe at
 * or before {@code from} and ends with the last frame before {@code to}. H.264 comes as MP4, MJPEG as Matroska. The
 * answer's {@code X-Clip-Start} header is the wall-clock time of its first frame (its time 0).
 *
 * <p>The clip is written to a temporary file in the camera's folder (the recording disk, not RAM) by one of
 * {@link #CUTTERS} threads, sent, and deleted. Requests beyond what the threads and a queue of {@link #WAITING} take
 * get 503. Errors: 400 for a missing or malformed time, {@code to} not after {@code from}, or a range over
 * {@link #MAX_RANGE}; 404 when nothing was recorded in the range.
 */
final class ClipEndpoint {

    static final String CLIP = "clip";
    static final String START_HEADER = "X-Clip-Start";
    static final Duration MAX_RANGE = Duration.ofDays(1);
    static final int CUTTERS = 1;
    static final int WAITING = 4;
    private static final Logger log = LoggerFactory.getLogger(ClipEndpoint.class);

    private ClipEndpoint() {
    }

    /** The threads that cut clips: {@link #CUTTERS}, behind a queue of {@link #WAITING}; more are refused. */
    static ExecutorService newCutters() {
        return new ThreadPoolExecutor(CUTTERS, CUTTERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING), r -> {
            Thread thread = new Thread(r, "edgecam-clip");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts cutting the clip the request asks of {@code camera}; null when it is on its way (answered later, then
     * {@code written} runs), else the error to answer now.
     */
    static FullHttpResponse start(ChannelHandlerContext ctx, FullHttpRequest request, Routes.Target target,
                                  Camera camera, Executor cutters, Runnable written) {
        Instant from;
        Instant to;
        try {
            from = time(target, "from");
            to = time(target, "to");
        } catch (IllegalArgumentException e) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "a clip needs 'to' after 'from' and at most "
                    + MAX_RANGE.toHours() + " h after it; got from=" + from + " to=" + to);
        }
        Path folder = RecordingsEndpoint.folder(camera);
        Path out;
        List<ClipCutter.Source> sources;
        try {
            List<RecordingIndex.Segment> segments = RecordingIndex.between(folder, from, to);
            if (segments.isEmpty()) {
                return nothingRecorded(camera, from, to);
            }
            sources = segments.stream().map(s -> new ClipCutter.Source(folder.resolve(s.path()),
                    s.start().getEpochSecond() * 1_000_000)).toList();
            String first = segments.get(0).path();
            out = Files.createTempFile(folder, ".clip-", first.substring(first.lastIndexOf('.')));
        } catch (IOException e) {
            return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the recordings of camera "
                    + camera.id() + " cannot be read: " + e.getMessage());
        }
        // The request is released when this returns: keep what the answer needs.
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        Runnable done = () -> {
            delete(out);
            written.run();
        };
        try {
            cutters.execute(() -> cut(ctx, head, camera, sources, from, to, out, done));
            return null;
        } catch (RejectedExecutionException e) {
            delete(out);
            return HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is busy cutting other"
                    + " clips; try again in a few seconds");
        }
    }

    /** On a cutter thread: cuts, then answers on the connection's event loop. */
    private static void cut(ChannelHandlerContext ctx, HttpRequest head, Camera camera, List<ClipCutter.Source> sources,
                            Instant from, Instant to, Path out, Runnable done) {
        if (!ctx.channel().isActive()) {
            done.run(); // the client left while the clip waited
            return;
        }
        try {
            ClipCutter.Clip clip = ClipCutter.cut(sources, micros(from), micros(to), out);
            Instant start = Instant.ofEpochSecond(0, clip.firstEpochMicros() * 1000);
            log.info("HTTP: clip of camera {} from {} to {}: {} frames from the keyframe at {}{}", camera.id(), from,
                    to, clip.packets(), start, clip.stoppedAtChange() ? " (cut short where the stream changed)" : "");
            String file = out.getFileName().toString();
            String name = camera.id() + "_" + start.toString().replace(':', '-') + file.substring(file.lastIndexOf('.'));
            ctx.executor().execute(() -> {
                try {
                    RecordingsEndpoint.send(ctx, head, out, name, new DefaultHttpHeaders().set(START_HEADER, start), done);
                } catch (IOException e) {
                    fail(ctx, head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "sending the clip failed: "
                            + e.getMessage(), done);
                }
            });
        } catch (IOException | RuntimeException e) {
            boolean empty = e.getMessage() != null && e.getMessage().startsWith("no recorded frame");
            ctx.executor().execute(() -> fail(ctx, head, empty ? HttpResponseStatus.NOT_FOUND
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR, empty ? nothingRecordedText(camera, from, to)
                    : "cutting the clip of camera " + camera.id() + " failed: " + e.getMessage(), done));
        }
    }

    private static void fail(ChannelHandlerContext ctx, HttpRequest head, HttpResponseStatus status, String message,
                             Runnable done) {
        HttpResponses.send(ctx, head, HttpResponses.error(status, message)).addListener(sent -> done.run());
    }

    private static FullHttpResponse nothingRecorded(Camera camera, Instant from, Instant to) {
        return HttpResponses.error(HttpResponseStatus.NOT_FOUND, nothingRecordedText(camera, from, to));
    }

    private static String nothingRecordedText(Camera camera, Instant from, Instant to) {
        return "camera " + camera.id() + " recorded nothing between " + from + " and " + to + "; list its recordings"
                + " at /recordings?camera=" + camera.id();
    }

    private static Instant time(Routes.Target target, String name) {
        String value = target.parameter(name);
        if (value == null) {
            throw new IllegalArgumentException("a clip needs '" + name + "': /recordings/ID/clip?from="
                    + "2026-11-30T07:00:00Z&to=2026-11-30T07:05:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a UTC time such as 2026-11-30T07:00:00Z: "
                    + value);
        }
    }

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000 + time.getNano() / 1000;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("HTTP: cannot delete the clip {}: {}; delete it by hand", file, e.toString());
        }
    }
}
