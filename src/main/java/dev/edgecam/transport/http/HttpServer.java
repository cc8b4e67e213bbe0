package dev.edgecam.transport.http;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.onvif.OnvifService;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.HttpAuthHandler;
import dev.edgecam.transport.security.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves HTTP (port 8080): the MJPEG stream, snapshots, {@code /state}, {@code /metrics}, {@code /settings} and
 * the live page, for every camera (each from the same hub as its legacy TCP transport).
 *
 * <p>Each connection's pipeline, in order:
 * <ol>
 *   <li>{@code gate}, {@code write-timeout}: allow-lists and client limits, and dropping a client that stopped
 *       reading ({@link AccessControl#secureHttp})</li>
 *   <li>{@code tls}, {@code tls-failure}: HTTPS when a certificate is given ({@link ServerTls#secure})</li>
 *   <li>{@code codec}: HTTP/1.x parsing with bounded request line and headers</li>
 *   <li>{@code pipelining}: one request at a time, the next once the answer before it is in the socket, and
 *       reading paused meanwhile ({@link PipelinedRequests})</li>
 *   <li>{@code deadline}: a whole request within {@link HttpOptions#requestTimeout()} of connecting or of the last
 *       answer ({@link RequestDeadline})</li>
 *   <li>{@code auth}: credentials, when {@code --auth} is on ({@link HttpAuthHandler}); refused requests stop here</li>
 *   <li>{@code host}: changing requests only for this server's own names ({@link dev.edgecam.transport.security.HostCheck})</li>
 *   <li>{@code aggregator}: whole requests, bodies bounded by {@link HttpOptions#MAX_BODY_BYTES}</li>
 *   <li>{@code requests}: routing and the endpoints ({@link HttpRequestHandler})</li>
 * </ol>
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final ChannelGroup channels = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final HttpServices services;

    /** Binds at once, open to anyone with the default limits; port 0 picks a free port (see {@link #port()}). */
    public HttpServer(NettyRuntime net, List<ServedCamera> cameras, HttpOptions options) {
        this(net, cameras, options, AccessControl.open(), null, null);
    }

    /**
     * Binds at once; port 0 picks a free port (see {@link #port()}).
     *
     * @param cameras what it serves, in config order: the first answers the unprefixed URLs ({@code /stream}),
     *     each one its {@code /cam/ID/} URLs
     * @param access who may connect, and the client limits, checked before a byte is read
     * @param authenticator checks credentials on every request but the public endpoints; {@code null} for none
     * @param tls the HTTPS certificate; {@code null} for plain HTTP
     */
    public HttpServer(NettyRuntime net, List<ServedCamera> cameras, HttpOptions options, AccessControl access,
                      HttpAuthenticator authenticator, ServerTls tls) {
        services = new HttpServices(options, cameras, authenticator != null);
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxRequestLineBytes())
                .setMaxHeaderSize(options.maxHeaderBytes());
        ServerBootstrap bootstrap = net.serverBootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                access.secureHttp(ch.pipeline());
                if (tls != null) {
                    tls.secure(ch.pipeline(), access.refusals(), options.requestTimeout());
                }
                RequestDeadline deadline = new RequestDeadline(options.requestTimeout().toMillis());
                ch.pipeline()
                        .addLast("codec", new HttpServerCodec(decoderConfig))
                        .addLast("pipelining", new PipelinedRequests(access.refusals()))
                        .addLast("deadline", deadline);
                if (authenticator != null) {
                    ch.pipeline().addLast("auth", new HttpAuthHandler(authenticator, Routes::endpointName));
                }
                // ONVIF's calls are POSTs that change nothing (no Set* call is offered): NVRs may use any name
                ch.pipeline().addLast("host",
                        access.newHostCheck(uri -> Route.ONVIF.endpointName().equals(Routes.endpointName(uri))));
                ch.pipeline()
                        .addLast("aggregator", new HttpObjectAggregator(HttpOptions.MAX_BODY_BYTES))
                        .addLast("files", new ChunkedWriteHandler()) // /recordings' files, streamed from the disk
                        .addLast("requests", new HttpRequestHandler(services, deadline, access.refusals()));
            }
        });
        try {
            serverChannel = bootstrap.bind(options.host(), options.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("HTTP: cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage() + " (is another server using the port? choose another with --http-port)", e);
        }
        channels.add(serverChannel);
        log.info("HTTP: listening on {}://{}:{} (page /, stream /stream, snapshot /snapshot, /state, /metrics{})",
                tls == null ? "http" : "https", options.host(), port(), cameras.size() == 1 ? ""
                        : "; cameras " + services.knownIds() + " at /cam/ID/stream, /cam/ID/snapshot, /cam/ID/settings");
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Bytes of answers written but not yet taken by the sockets, over every connection: what slow or non-reading
     * clients make the server hold. For tests and diagnostics; safe from any thread (an estimate while it changes).
     */
    long pendingWriteBytes() {
        long total = 0;
        for (Channel channel : channels) {
            var outbound = channel.unsafe().outboundBuffer();
            total += outbound == null ? 0 : outbound.totalPendingWriteBytes();
        }
        return total;
    }

    /**
     * Serves {@code cameras} from now on, in this order (a reload): new requests see the new list, whole; streams of
     * cameras no longer in it end cleanly, streams of the others go on untouched.
     */
    public void serve(List<ServedCamera> cameras) {
        services.serve(cameras);
    }

    /** Answers ONVIF's SOAP calls at {@code /onvif/device_service} and {@code /onvif/media_service} from now on. */
    public void serveOnvif(OnvifService onvif) {
        services.serveOnvif(onvif);
    }

    /** Stops listening and closes every connection; idempotent. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
        services.close();
    }
}
