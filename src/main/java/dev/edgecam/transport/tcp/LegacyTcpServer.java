package dev.edgecam.transport.tcp;

import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.SharedFrameBuffers;
import dev.edgecam.transport.security.AccessControl;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the legacy TCP protocol (port 6810) to any number of clients at once, each with its own session. */
public final class LegacyTcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LegacyTcpServer.class);
    static final int ACCEPT_BACKLOG = NettyRuntime.ACCEPT_BACKLOG;
    /**
     * The kernel send buffer per client. Left to autotuning it grows to 4 MiB, a queue of seconds of stale
     * video in front of a client that cannot keep up; bounded, such a client soon stalls our one write in
     * flight and skips to the newest frame instead. 128 KiB still fills a LAN link (128 KiB per 1 ms round trip).
     */
    static final int SEND_BUFFER_BYTES = 128 * 1024;
    /** How long closing waits for frames already on their way, so clients see whole frames and then the end. */
    static final long CLOSE_GRACE_MILLIS = 2_000;

    private final ChannelGroup channels = new DefaultChannelGroup("legacy-tcp", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    /** Each frame with its length header, copied once into direct memory and shared by every session's write. */
    private final SharedFrameBuffers frames = LegacySessionHandler.sharedFrames();

    /** Binds at once with no address restrictions and the default limits; port 0 picks a free port (see {@link #port()}). */
    public LegacyTcpServer(NettyRuntime net, FrameHub hub, ClientRegistry registry, String host, int port) {
        this(net, hub, registry, host, port, AccessControl.open());
    }

    /**
     * Binds at once; port 0 picks a free port (see {@link #port()}).
     *
     * @param access who may connect and the limits of each connection, checked before the first byte is read
     */
    public LegacyTcpServer(NettyRuntime net, FrameHub hub, ClientRegistry registry, String host, int port,
                           AccessControl access) {
        ServerBootstrap bootstrap = net.serverBootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                access.secureLegacy(ch.pipeline());
                ch.pipeline()
                        .addLast("commands", new LegacyCommandDecoder())
                        .addLast("session", new LegacySessionHandler(hub, registry, frames));
            }
        }).childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                // A client may send its commands and then close its side ("printf 0 | nc -N"): it still gets the
                // frames it asked for (see LegacySessionHandler), as the original server's clients did.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        try {
            serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("TCP: cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another server using the port? choose another with --port)", e);
        }
        channels.add(serverChannel);
        log.info("TCP: legacy protocol listening on {}:{}", host, port());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops listening and ends every session as its {@code 2} would: no new frame, the one on its way
     * finished (a client never gets half a frame), then the connection closed. Clients that take longer
     * than {@link #CLOSE_GRACE_MILLIS} are cut off. Idempotent.
     */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        for (Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(LegacySessionHandler.SERVER_CLOSING);
        }
        channels.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
        channels.close().awaitUninterruptibly();
        frames.close();
    }
}
