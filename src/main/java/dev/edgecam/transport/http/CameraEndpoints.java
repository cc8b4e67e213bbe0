package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.SharedFrameBuffers;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the stream, snapshot and settings endpoints of one camera share over every connection. */
final class CameraEndpoints implements AutoCloseable {

    final ServedCamera served;
    final Camera camera;
    final FrameHub hub;
    final ClientRegistry registry;
    /** The stream's parts of this camera's default hub, built once per frame and shared by every stream client. */
    final SharedFrameBuffers streamParts = MjpegStreamSession.sharedParts();
    /** The same for each other size's hub (one per hub: a buffer caches one hub's newest frame). */
    private final Map<FrameHub, SharedFrameBuffers> otherSizesParts = new ConcurrentHashMap<>();
    /** Its H.264 frames as WebSocket messages, built once per frame for every H.264 viewer. */
    final SharedH264Messages h264Messages = new SharedH264Messages();
    final SettingsResource settings;
    /** The connections streaming this camera (a closed one leaves by itself), to end them when it stops being served. */
    final ChannelGroup streams = new DefaultChannelGroup("streams", GlobalEventExecutor.INSTANCE);

    CameraEndpoints(ServedCamera served) {
        this.served = served;
        this.camera = served.camera();
        this.hub = camera.hub();
        this.registry = served.clients();
        this.settings = new SettingsResource(camera);
    }

    /**
     * The hub a request for {@code size} takes frames from: the default one when {@code size} is null.
     *
     * @throws IllegalArgumentException with a message for the client when this camera cannot serve that size
     */
    FrameHub hub(Size size) {
        if (size == null) {
            return hub;
        }
        try {
            return camera.hub(size);
        } catch (IllegalStateException tooMany) {
            throw new IllegalArgumentException(tooMany.getMessage(), tooMany);
        }
    }

    /** The shared stream parts of {@code frames}, one of this camera's hubs. */
    SharedFrameBuffers streamParts(FrameHub frames) {
        return frames == hub ? streamParts
                : otherSizesParts.computeIfAbsent(frames, ignored -> MjpegStreamSession.sharedParts());
    }

    /**
     * Ends every stream of this camera cleanly, as when it is removed by a reload: the part on its way is finished
     * (the close is queued behind it, never cutting a JPEG), then the connection closes; then the shared parts go.
     */
    void endStreams() {
        streams.forEach(channel -> channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
        streams.newCloseFuture().addListener(ended -> close());
    }

    @Override
    public void close() {
        streamParts.close();
        h264Messages.close();
        otherSizesParts.values().forEach(SharedFrameBuffers::close);
    }
}
