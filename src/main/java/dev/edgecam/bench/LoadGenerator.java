package dev.edgecam.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens many stream connections at the same moment on a couple of event-loop threads (epoll where Linux
 * has it), waits until each has its first frame, measures for the asked duration, and reports.
 *
 * <p>It is built to cost far less CPU than the server it measures: connections parse only framing (length
 * headers, multipart header lines), skip JPEG bytes where they lie in Netty's receive buffer, and never
 * decode or copy them.
 */
public final class LoadGenerator {

    /** The most bytes one read takes from a socket: a whole 720p JPEG in one or two reads. */
    static final int MAX_READ_BYTES = 256 * 1024;
    /** How often the server's threads are read during the window. */
    static final long THREAD_READ_MILLIS = 250;

    private final BenchConfig config;
    private Class<? extends DatagramChannel> datagramType = NioDatagramChannel.class;

    public LoadGenerator(BenchConfig config) {
        this.config = config;
    }

    /**
     * Runs the benchmark; takes about the connect phase plus {@link BenchConfig#duration()}.
     *
     * @throws IOException when the local server's {@code /proc} entry cannot be read
     */
    public BenchReport run() throws InterruptedException, IOException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(config.threads(), io);
        try {
            datagramType = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
            return run(loops, epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private BenchReport run(EventLoopGroup loops, Class<? extends SocketChannel> channelType)
            throws InterruptedException, IOException {
        EpochClock clock = new EpochClock();
        MeasureWindow window = new MeasureWindow();
        CountDownLatch settled = new CountDownLatch(config.clients());
        ProcessProbe server = config.serverPid() > 0 ? new ProcessProbe(config.serverPid()) : null;
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, config.connectTimeout().toMillis())))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65536, MAX_READ_BYTES));

        warmUp(bootstrap, clock);

        List<ClientProbe> probes = new ArrayList<>(config.clients());
        List<ChannelFuture> connects = new ArrayList<>(config.clients());
        for (int i = 0; i < config.clients(); i++) {
            ClientProbe probe = new ClientProbe(config.targetFor(i), window, settled, System.nanoTime());
            probes.add(probe);
            connects.add(connect(bootstrap, probe, window, clock));
        }
        settled.await(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(config.warmup().toMillis());

        ServerState state = config.stateUri() == null ? null : new ServerState(config.stateUri());
        Map<String, Integer> stateFailures = new TreeMap<>();
        ServerState.Snapshot stateBefore = fetchOrNull(state, stateFailures);
        ProcessProbe.Sample serverBefore = server == null ? null : server.sample();
        ProcessProbe.Sample selfBefore = sampleOrNull(self);
        window.open(System.nanoTime());
        ProcessProbe.Sample serverAfter = followServer(server, serverBefore, config.duration());
        window.close(System.nanoTime());
        ProcessProbe.Sample selfAfter = sampleOrNull(self);
        ServerState.Snapshot stateAfter = fetchOrNull(state, stateFailures);

        for (ChannelFuture connect : connects) {
            Channel channel = connect.channel();
            connect.awaitUninterruptibly();
            channel.close().awaitUninterruptibly();
        }
        BenchReport report = ReportBuilder.build(config, probes, window.seconds(), serverBefore, serverAfter,
                config.serverPid(), selfBefore, selfAfter, stateBefore, stateAfter);
        stateFailures.forEach((reason, count) -> report.failures().merge(reason, count, Integer::sum));
        return report;
    }

    /**
     * One connection per target that takes one frame and closes, before anything is timed: it loads and
     * compiles the generator's own connection code, so a fresh JVM's start-up is not counted as the
     * server's time to first frame.
     */
    private void warmUp(Bootstrap bootstrap, EpochClock clock) throws InterruptedException {
        MeasureWindow never = new MeasureWindow();
        for (BenchTarget target : config.targets()) {
            CountDownLatch done = new CountDownLatch(1);
            ChannelFuture connect = connect(bootstrap, new ClientProbe(target, never, done, System.nanoTime()), never, clock);
            done.await(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            connect.awaitUninterruptibly();
            connect.channel().close().awaitUninterruptibly();
        }
    }

    private ChannelFuture connect(Bootstrap bootstrap, ClientProbe probe, MeasureWindow window, EpochClock clock) {
        BenchTarget target = probe.target;
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (target.transport().isWebSocket()) {
                    H264SocketReceiver.install(channel.pipeline(), probe, window, clock, config.maxFrameBytes(),
                            config.connectTimeout());
                } else {
                    channel.pipeline().addLast("receiver", receiver(probe, window, clock));
                }
            }
        }).connect(target.host(), target.port());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                probe.failed("cannot connect to " + target + ": " + done.cause().getMessage());
            }
        });
        return connect;
    }

    private StreamReceiver receiver(ClientProbe probe, MeasureWindow window, EpochClock clock) {
        return switch (probe.target.transport()) {
            case TCP -> new LegacyStreamReceiver(probe, window, config.maxFrameBytes());
            case HTTP -> new MjpegStreamReceiver(probe, window, clock, config.maxFrameBytes());
            case RTSP_TCP -> new RtspStreamReceiver(probe, window, clock, null);
            case RTSP_UDP -> new RtspStreamReceiver(probe, window, clock, datagramType);
            case WS_ANNEXB, WS_FMP4 -> throw new IllegalStateException("a WebSocket client is installed by H264SocketReceiver");
        };
    }

    /** The server's state now, or null (with the reason noted) when there is none or it cannot be read. */
    private static ServerState.Snapshot fetchOrNull(ServerState state, Map<String, Integer> failures)
            throws InterruptedException {
        if (state == null) {
            return null;
        }
        try {
            return state.fetch();
        } catch (IOException e) {
            failures.merge("reading " + state.uri() + ": " + e.getMessage(), 1, Integer::sum);
            return null;
        }
    }

    /**
     * Waits out the window, reading the server's threads every {@link #THREAD_READ_MILLIS} ms so that threads
     * ending during it (the JVM stops idle compiler threads) keep their time in their role.
     */
    private static ProcessProbe.Sample followServer(ProcessProbe server, ProcessProbe.Sample before, Duration window)
            throws InterruptedException, IOException {
        long end = System.nanoTime() + window.toNanos();
        ProcessProbe.Sample latest = before;
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(THREAD_READ_MILLIS, left / 1_000_000)));
            if (server != null && System.nanoTime() < end) {
                latest = server.sample().keepingEndedThreadsOf(latest);
            }
        }
        return server == null ? null : server.sample().keepingEndedThreadsOf(latest);
    }

    private static ProcessProbe.Sample sampleOrNull(ProcessProbe probe) {
        try {
            return probe.available() ? probe.sample() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
