package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.camera.Camera;
import dev.edgecam.record.RecordingIndex;
import dev.edgecam.record.Retention;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code /recordings}: what the cameras recorded on the device, and the files themselves.
 *
 * <pre>
 *   GET /recordings                              {"cameras": [{"id": "door", "recording": "continuous", "days": ["2026-11-30"]}]}
 *   GET /recordings?camera=door[&amp;day=2026-11-30] {"camera": "door", "day": "2026-11-30", "segments": [{"start": ...,
 *                                                 "end": ..., "durationSeconds": 300, "bytes": 74711000,
 *                                                 "url": "/recordings/door/2026-11-30/07-00-00.mp4"}]}  (day: the newest)
 *   GET /recordings/door/2026-11-30/07-00-00.mp4 the segment (video/mp4 or video/x-matroska), streamed from the disk
 *   GET /recordings/door/clip?from=ISO&amp;to=ISO   one file of that time range, cut on keyframes ({@link ClipEndpoint})
 * </pre>
 *
 * A segment's length is its last write minus its start (about a second). Only names of the segment form are
 * served, so a request cannot reach outside a camera's folder.
 */
final class RecordingsEndpoint {

    static final String PREFIX = "/recordings/";

    private RecordingsEndpoint() {
    }

    /** The list of cameras, or one camera's day; an error for an unknown camera or day. */
    static FullHttpResponse list(Routes.Target target, List<CameraEndpoints> cameras) {
        String cameraId = target.parameter("camera");
        try {
            if (cameraId == null) {
                ObjectNode root = HttpResponses.newObject();
                ArrayNode list = root.putArray("cameras");
                for (CameraEndpoints endpoints : cameras) {
                    Camera camera = endpoints.camera;
                    ObjectNode node = list.addObject();
                    node.put("id", camera.id());
                    node.put("recording", camera.config().record().mode().label());
                    ArrayNode days = node.putArray("days");
                    RecordingIndex.days(folder(camera)).forEach(days::add);
                }
                return HttpResponses.json(HttpResponseStatus.OK, root);
            }
            Camera camera = find(cameras, cameraId);
            if (camera == null) {
                return unknownCamera(cameraId, cameras);
            }
            List<String> days = RecordingIndex.days(folder(camera));
            String day = target.parameter("day") != null ? target.parameter("day")
                    : days.isEmpty() ? null : days.get(days.size() - 1);
            ObjectNode root = HttpResponses.newObject();
            root.put("camera", camera.id());
            root.put("day", day);
            ArrayNode segments = root.putArray("segments");
            String writing = camera.recording().file();
            for (RecordingIndex.Segment segment : day == null ? List.<RecordingIndex.Segment>of()
                    : RecordingIndex.segments(folder(camera), day)) {
                ObjectNode node = segments.addObject();
                node.put("start", segment.start().toString());
                node.put("end", segment.end().toString());
                node.put("durationSeconds", segment.duration().toMillis() / 1000.0);
                node.put("bytes", segment.bytes());
                node.put("url", PREFIX + camera.id() + "/" + segment.path());
                node.put("writing", writing != null && writing.endsWith(segment.path()));
                node.put("event", segment.path().contains(Retention.EVENT_CLIP_SUFFIX + "."));
            }
            return HttpResponses.json(HttpResponseStatus.OK, root);
        } catch (IOException e) {
            return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the recordings cannot be read: "
                    + e.getMessage());
        }
    }

    /**
     * Sends the segment {@code /recordings/ID/DAY/FILE} names, streamed from the disk, and runs {@code written} once it
     * is in the socket; null when it is being sent, else the error to answer instead.
     */
    static FullHttpResponse download(ChannelHandlerContext ctx, FullHttpRequest request, Routes.Target target,
                                     List<CameraEndpoints> cameras, Executor clips, Runnable written) {
        String rest = target.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        Camera camera = slash <= 0 ? null : find(cameras, rest.substring(0, slash));
        if (camera == null) {
            return unknownCamera(slash <= 0 ? rest : rest.substring(0, slash), cameras);
        }
        if (rest.substring(slash + 1).equals(ClipEndpoint.CLIP)) {
            return ClipEndpoint.start(ctx, request, target, camera, clips, written);
        }
        Optional<Path> file = RecordingIndex.file(folder(camera), rest.substring(slash + 1));
        if (file.isEmpty()) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no recording " + rest + "; list them at"
                    + " /recordings?camera=" + camera.id());
        }
        String name = camera.id() + "_" + rest.substring(slash + 1).replace('/', '_');
        try {
            send(ctx, request, file.get(), name, HttpHeaders.EMPTY_HEADERS, written);
            return null;
        } catch (IOException e) {
            return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "reading " + rest + " failed: "
                    + e.getMessage());
        }
    }

    /**
     * Sends {@code file} (video/mp4 or video/x-matroska by its extension) as an attachment named {@code name}, the
     * length it has now, with the headers {@code extra}, and runs {@code written} once it is in the socket (or the connection failed).
     */
    static void send(ChannelHandlerContext ctx, HttpRequest request, Path file, String name, HttpHeaders extra,
                     Runnable written) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        long length = raf.length();
        HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, file.toString().endsWith(".mp4") ? "video/mp4"
                        : "video/x-matroska")
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        head.headers().add(extra);
        HttpUtil.setContentLength(head, length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(head.headers(), request.protocolVersion(), keepAlive);
        if (!keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(head);
        ChannelFuture done;
        if (request.method().equals(HttpMethod.HEAD)) {
            raf.close();
            done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            // The segment being written grows: send the length the head promised, no more.
            done = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, 64 * 1024)));
        }
        done.addListener(sent -> written.run());
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static Path folder(Camera camera) {
        return camera.config().record().dir().resolve(camera.id());
    }

    private static Camera find(List<CameraEndpoints> cameras, String id) {
        return cameras.stream().map(c -> c.camera).filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    private static FullHttpResponse unknownCamera(String id, List<CameraEndpoints> cameras) {
        return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no camera '" + id + "'; the cameras are "
                + cameras.stream().map(c -> c.camera.id()).toList());
    }
}
