package dev.edgecam.transport.rtsp;

import dev.edgecam.hub.GopHub;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.security.AccessControl;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP 1.0 server (RFC 2326): {@code rtsp://HOST:PORT/ID} for each camera and {@code /stream} for the first,
 * serving each camera's H.264 hub as RTP (RFC 6184) over TCP interleaved or UDP unicast.
 *
 * <pre>
 *   connection: gate (allow-list, limits) → first-byte timeout → stalled-write timeout
 *               → InterleavedSplitter ($ packets | RTSP messages) → InterleavedWriter (out: $ packets as bytes)
 *               → RtspDecoder/RtspEncoder → HttpObjectAggregator → RtspConnectionHandler
 *   UDP:        one RTP socket and one RTCP socket for every UDP client (UdpSockets)
 * </pre>
 *
 * Each camera's frames are packetized once for all its clients ({@link RtpStream}).
 */
public final class RtspServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtspServer.class);
    private static final Set<TransportRequest.Kind> TRANSPORTS =
            EnumSet.of(TransportRequest.Kind.TCP_INTERLEAVED, TransportRequest.Kind.UDP_UNICAST);

    private final RtspOptions options;
    private final ChannelGroup channels = new DefaultChannelGroup("rtsp", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final UdpSockets udp;
    private final RtspSessions sessions;
    /** One stream per H.264 hub: a camera restarted by a reload has a new hub, so a new stream. */
    private final Map<GopHub, RtpStream> streams = new IdentityHashMap<>();
    private volatile List<ServedCamera> cameras;

    /**
     * Binds the RTSP port and the UDP pair at once.
     *
     * @param access who may connect, checked before the first byte is read; UDP datagrams count only from the
     *     addresses of sessions set up over an admitted connection
     */
    public RtspServer(NettyRuntime net, List<ServedCamera> cameras, RtspOptions options, AccessControl access) {
        this.options = options;
        this.cameras = List.copyOf(cameras);
        this.sessions = new RtspSessions(net.workers().next(), options);
        ServerBootstrap bootstrap = net.serverBootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                access.secureRtsp(ch.pipeline());
                ch.pipeline()
                        .addLast("split", new InterleavedSplitter())
                        .addLast("interleaved-out", new InterleavedWriter())
                        .addLast("decoder", new RtspDecoder())
                        .addLast("encoder", new RtspEncoder())
                        .addLast("aggregator", new HttpObjectAggregator(InterleavedSplitter.MAX_BODY_BYTES))
                        .addLast("idle", new IdleStateHandler(options.sessionTimeout().toMillis(), 0, 0,
                                TimeUnit.MILLISECONDS))
                        .addLast("rtsp", new RtspConnectionHandler(RtspServer.this));
            }
        });
        UdpSockets sockets = null;
        try {
            sockets = new UdpSockets(net, options.host(), sessions::rtcpFrom);
            serverChannel = bootstrap.bind(options.host(), options.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            sessions.close();
            if (sockets != null) {
                sockets.close();
            }
            throw e;
        }
        udp = sockets;
        log.info("RTSP: listening on {}:{} (RTP over TCP, or UDP from ports {}-{})", options.host(), port(),
                udp.rtpPort(), udp.rtcpPort());
        logUrls(this.cameras);
    }

    /** A server whose logins are the server's HTTP logins ({@code null}: none configured, everyone may watch). */
    public static RtspServer withLogins(NettyRuntime net, List<ServedCamera> cameras, RtspOptions options,
                                        AccessControl access, dev.edgecam.security.auth.HttpAuthenticator logins) {
        return new RtspServer(net, cameras, options.withLogin(RtspAuthLogin.of(logins)), access);
    }

    private void logUrls(List<ServedCamera> added) {
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "HOST" : options.host();
        for (ServedCamera camera : added) {
            log.info("RTSP: rtsp://{}:{}/{} for camera {}", host, port(), camera.id(), camera.id());
        }
    }

    /**
     * Serves {@code next} from now on (a reload): new requests see the new list; sessions of cameras no longer in it,
     * or restarted (a new hub), end, and their streams are released.
     */
    public void serve(List<ServedCamera> next) {
        List<ServedCamera> before = cameras;
        cameras = List.copyOf(next);
        logUrls(next.stream().filter(c -> before.stream().noneMatch(old -> old == c)).toList());
        for (RtspSession session : sessions.all()) {
            if (next.stream().noneMatch(c -> c == session.camera())) {
                sessions.end(session, "camera " + session.camera().id() + " stopped");
            }
        }
        synchronized (streams) {
            streams.entrySet().removeIf(entry -> {
                boolean gone = next.stream().noneMatch(c -> c.camera().h264Hub() == entry.getKey());
                if (gone) {
                    entry.getValue().close();
                }
                return gone;
            });
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The UDP ports of RTP and RTCP, for tests and logs. */
    public int[] udpPorts() {
        return new int[] {udp.rtpPort(), udp.rtcpPort()};
    }

    List<ServedCamera> cameras() {
        return cameras;
    }

    RtspOptions options() {
        return options;
    }

    RtspSessions sessions() {
        return sessions;
    }

    UdpSockets udp() {
        return udp;
    }

    Set<TransportRequest.Kind> transports() {
        return TRANSPORTS;
    }

    /** The shared RTP stream of {@code camera}'s H.264 hub. */
    RtpStream stream(ServedCamera camera) {
        synchronized (streams) {
            return streams.computeIfAbsent(camera.camera().h264Hub(), RtpStream::new);
        }
    }

    /** Stops listening, ends every session and closes every connection. Idempotent. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        sessions.close();
        channels.close().awaitUninterruptibly();
        udp.close();
        synchronized (streams) {
            streams.values().forEach(RtpStream::close);
            streams.clear();
        }
    }
}
