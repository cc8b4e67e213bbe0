package dev.edgecam.transport;

import dev.edgecam.frame.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every pump ({@link FramePump}, {@link GopPump}) does with its client's channel: wakes the pump on the
 * channel's event loop with at most one wake-up queued, and keeps at most one frame write in flight, so a client's
 * buffer is one frame in Netty plus what the kernel holds, and the next frame is taken only once the socket has
 * accepted the last. A completed write is counted and pumps again; a failed one closes the channel.
 *
 * <p>All methods but {@link #wake()} run on the channel's event loop.
 */
final class OneWriteInFlight {

    private final Channel channel;
    private final ClientInfo client;
    private final Runnable pump;
    /** One task object for every wake-up: the capture thread wakes every client for every frame. */
    private final Runnable pumpTask;
    /** One listener for every write, not a new lambda per frame per client (the profile showed their allocation). */
    private final ChannelFutureListener writeDone = this::written;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** The frame being written, or null when no write is in flight. */
    private Frame writing;

    /** @param pump what to run on the event loop when woken, and after each completed write */
    OneWriteInFlight(Channel channel, ClientInfo client, Runnable pump) {
        this.channel = channel;
        this.client = client;
        this.pump = pump;
        this.pumpTask = () -> {
            wakeQueued.set(false);
            pump.run();
        };
    }

    /** Runs the pump soon on the event loop; from any thread, and cheap enough for the capture thread. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            channel.eventLoop().execute(pumpTask);
        }
    }

    /** True while a frame is being written: the pump must wait. */
    boolean busy() {
        return writing != null;
    }

    /** True while the client can be written to. */
    boolean open() {
        return channel.isActive();
    }

    /** Writes {@code message}, the wire form of {@code frame}; only when not {@link #busy()}. */
    void write(Frame frame, Object message) {
        writing = frame;
        channel.writeAndFlush(message).addListener(writeDone);
    }

    private void written(ChannelFuture write) {
        Frame frame = writing;
        writing = null;
        if (write.isSuccess()) {
            client.frameSent(frame.size());
            pump.run();
        } else {
            write.channel().close();
        }
    }
}
