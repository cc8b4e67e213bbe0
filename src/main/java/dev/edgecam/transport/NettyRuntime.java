package dev.edgecam.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops all transports share: one thread accepting connections and one worker per core. Uses
 * Linux's native epoll when it loads, else Java NIO (they cost about the same per frame).
 */
public final class NettyRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NettyRuntime.class);

    /** Pending connections the kernel queues per port; mjpg-streamer's 10 made clients of a burst wait a second. */
    public static final int ACCEPT_BACKLOG = 1024;

    /**
     * The kernel send buffer per client, every transport. Left to autotuning it grows to 4 MiB, a queue of seconds
     * of stale video in front of a client that cannot keep up; bounded, such a client soon stalls its one write in
     * flight and skips to the newest frame instead. 128 KiB still fills a LAN link (128 KiB per 1 ms round trip).
     */
    public static final int CLIENT_SEND_BUFFER_BYTES = 128 * 1024;

    /**
     * How many bytes the kernel may hold for a client that it has not yet sent (Linux {@code TCP_NOTSENT_LOWAT},
     * with epoll). The send buffer also holds bytes sent and not yet acknowledged, which a fast link needs; bytes
     * not even sent are only a queue of stale video in front of a slow client: at 50 KB/s the full 128 KiB buffer
     * showed frames 5 s old. Past this, the socket takes no more, the frame in flight waits, and newer frames
     * are skipped instead (see FramePump). A quarter of a 720p frame: a fast client never waits on it.
     */
    static final long NOT_SENT_LOW_WATER_BYTES = 16 * 1024;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerSocketChannel> serverChannelType;
    private final String ioName;

    public NettyRuntime(int workerThreads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, factory);
        this.serverChannelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.ioName = epoll ? "epoll" : "nio";
        log.debug("NET: {} with {} worker threads", ioName, workerThreads);
    }

    public static NettyRuntime forThisMachine() {
        return new NettyRuntime(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerSocketChannel> serverChannelType() {
        return serverChannelType;
    }

    /**
     * A server on these loops with the socket options every transport shares: a deep accept queue, frames sent
     * at once (no Nagle delay), a bounded send buffer per client, and dead peers eventually noticed by TCP
     * keep-alive.
     */
    public ServerBootstrap serverBootstrap(ChannelHandler childHandler) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(serverChannelType)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.SO_SNDBUF, CLIENT_SEND_BUFFER_BYTES)
                .childHandler(childHandler);
        if (serverChannelType == EpollServerSocketChannel.class) {
            bootstrap.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, NOT_SENT_LOW_WATER_BYTES);
        }
        return bootstrap;
    }

    /** The datagram channel type of these loops (epoll or NIO), for UDP transports. */
    public Class<? extends DatagramChannel> datagramChannelType() {
        return serverChannelType == EpollServerSocketChannel.class ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public String ioName() {
        return ioName;
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptors.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
