package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One RTSP connection: answers its requests (RFC 2326: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN,
 * GET_PARAMETER) and takes its interleaved RTCP. The sessions it set up end when it closes. Every byte it receives
 * is a sign of life of its sessions; RTCP on a session's RTCP channel is its client's receiver report.
 */
final class RtspConnectionHandler extends ChannelInboundHandlerAdapter {

    /**
     * Sessions one connection may hold: a player needs one per camera it shows. Each connection counts against the
     * connection limits, so this bounds the sessions (and UDP streams) one address can make.
     */
    static final int MAX_SESSIONS_PER_CONNECTION = 4;

    /** Messages held while an answer is awaited, at most: a client pipelining more is closed. */
    static final int MAX_HELD_MESSAGES = 16;

    private final RtspServer server;
    private final List<RtspSession> sessions = new ArrayList<>(1);
    /** True while a request's answer waits (a login check, DESCRIBE's first keyframe): later messages are held. */
    private boolean waiting;
    /** True while DESCRIBE waits for a keyframe (after its login check, which then must not resume reading). */
    private boolean describing;
    private final java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>();
    /** The camera stays encoded, its keyframe cached, between DESCRIBE and PLAY. */
    private final DescribedDemand describedDemand = new DescribedDemand();

    RtspConnectionHandler(RtspServer server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting) { // answers go out in request order
            if (held.size() >= MAX_HELD_MESSAGES) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            held.add(msg);
            return;
        }
        process(ctx, msg);
    }

    /** Stops reading until {@link #doneWaiting}: the answer to the current request comes later. */
    private void startWaiting(ChannelHandlerContext ctx) {
        waiting = true;
        ctx.channel().config().setAutoRead(false);
    }

    /** Reads again, first the messages that arrived meanwhile. On the event loop. */
    private void doneWaiting(ChannelHandlerContext ctx) {
        waiting = false;
        ctx.channel().config().setAutoRead(true);
        while (!waiting && !held.isEmpty()) {
            process(ctx, held.poll());
        }
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            sessions.forEach(RtspSession::touch);
            if (msg instanceof InterleavedPacket packet) {
                InterleavedChannels.receiversOf(packet.channel(), sessions).forEach(session -> session.received(packet.content()));
            } else if (msg instanceof FullHttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    reply(ctx, RtspResponses.error(HttpResponseStatus.BAD_REQUEST, null,
                            "not an RTSP request: " + request.decoderResult().cause().getMessage()))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    handle(ctx, request);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        HttpMethod method = request.method();
        if (method.equals(RtspMethods.OPTIONS) || method.equals(RtspMethods.GET_PARAMETER)) {
            FullHttpResponse response = RtspResponses.of(HttpResponseStatus.OK, cseq);
            if (method.equals(RtspMethods.OPTIONS)) {
                response.headers().set(RtspHeaderNames.PUBLIC, RtspResponses.METHODS);
            }
            String id = sessionId(request);
            RtspSession session = server.sessions().get(id);
            if (session != null) {
                session.touch();
                response.headers().set(RtspHeaderNames.SESSION, session.header());
            } else if (id != null && method.equals(RtspMethods.GET_PARAMETER)) {
                // A keep-alive for a session that ended: the client must learn it, not believe it alive.
                response.release();
                response = RtspResponses.error(RtspResponses.SESSION_NOT_FOUND, cseq, "no session " + id);
            }
            reply(ctx, response);
            return;
        }
        if (!isKnown(method)) {
            boolean rtspMethod = method.equals(RtspMethods.ANNOUNCE) || method.equals(RtspMethods.RECORD)
                    || method.equals(RtspMethods.SET_PARAMETER) || method.equals(RtspMethods.REDIRECT);
            FullHttpResponse response = RtspResponses.error(rtspMethod ? HttpResponseStatus.METHOD_NOT_ALLOWED
                    : HttpResponseStatus.NOT_IMPLEMENTED, cseq, method + " is not served here; this server plays video");
            response.headers().set(RtspHeaderNames.ALLOW, RtspResponses.METHODS);
            reply(ctx, response);
            return;
        }
        RtspTarget target = RtspTarget.of(request.uri(), server.cameras());
        if (target == null) {
            reply(ctx, RtspResponses.error(HttpResponseStatus.NOT_FOUND, cseq,
                    RtspTarget.notFound(request.uri(), server.cameras())));
            return;
        }
        if ((method.equals(RtspMethods.PAUSE) || method.equals(RtspMethods.TEARDOWN)) && ownSession(ctx, request)) {
            perform(ctx, request, target, cseq); // this connection's login made the session: no second check
            return;
        }
        CompletableFuture<RtspLogin.Answer> login = server.options().login()
                .check(request, ctx.channel().remoteAddress()).toCompletableFuture();
        if (login.isDone()) { // no users, or an answer at once: no hop through the event loop
            answered(ctx, request, target, cseq, login.join());
            return;
        }
        startWaiting(ctx);
        request.retain();
        login.whenComplete((answer, failure) -> ctx.channel().eventLoop().execute(() -> {
            try {
                if (ctx.channel().isActive()) {
                    answered(ctx, request, target, cseq, failure != null ? new RtspLogin.Answer(
                            HttpResponseStatus.SERVICE_UNAVAILABLE.code(), List.of(), 0) : answer);
                }
            } finally {
                request.release();
            }
            if (waiting && !describing) {
                doneWaiting(ctx);
            }
        }));
    }

    private void answered(ChannelHandlerContext ctx, FullHttpRequest request, RtspTarget target, String cseq,
                          RtspLogin.Answer answer) {
        if (answer.allowed()) {
            perform(ctx, request, target, cseq);
        } else {
            reply(ctx, RtspResponses.refused(answer, cseq));
        }
    }

    private void perform(ChannelHandlerContext ctx, FullHttpRequest request, RtspTarget target, String cseq) {
        HttpMethod method = request.method();
        if (method.equals(RtspMethods.DESCRIBE)) {
            describe(ctx, target, cseq);
        } else if (method.equals(RtspMethods.SETUP)) {
            setUp(ctx, request, target, cseq);
        } else {
            inSession(ctx, request, target, cseq);
        }
    }

    private static boolean isKnown(HttpMethod method) {
        return method.equals(RtspMethods.DESCRIBE) || method.equals(RtspMethods.SETUP) || method.equals(RtspMethods.PLAY)
                || method.equals(RtspMethods.PAUSE) || method.equals(RtspMethods.TEARDOWN);
    }

    /** DESCRIBE: the SDP, once the camera has a keyframe to take SPS and PPS from. Reads nothing more until then. */
    private void describe(ChannelHandlerContext ctx, RtspTarget target, String cseq) {
        GopHub hub = target.camera().camera().h264Hub();
        if (!waiting) {
            startWaiting(ctx);
        }
        describing = true;
        KeyframeWaiter.await(hub, ctx.channel().eventLoop(), server.options().keyframeWait(), keyframe -> {
            describing = false;
            if (ctx.channel().isActive()) {
                if (keyframe != null) {
                    describedDemand.hold(hub, ctx.executor());
                }
                reply(ctx, RtspResponses.describe(target, cseq, keyframe, server.options().keyframeWait()));
            }
            doneWaiting(ctx);
        });
    }

    private void setUp(ChannelHandlerContext ctx, FullHttpRequest request, RtspTarget target, String cseq) {
        String id = sessionId(request);
        RtspSession session = server.sessions().get(id);
        if (id != null && session == null) {
            reply(ctx, RtspResponses.error(RtspResponses.SESSION_NOT_FOUND, cseq, "no session " + id));
            return;
        }
        if (session != null && (session.camera() != target.camera() || session.delivery() != null)) {
            // One track per session: a second SETUP (another camera, or a change of transport) is not served.
            reply(ctx, RtspResponses.error(RtspResponses.AGGREGATE_NOT_ALLOWED, cseq, "session " + id
                    + " has its stream already; set up another camera in a new session"));
            return;
        }
        TransportRequest transport = TransportRequest.choose(request.headers().get(RtspHeaderNames.TRANSPORT),
                server.transports());
        if (transport == null) {
            reply(ctx, RtspResponses.unsupportedTransport(cseq, request.headers().get(RtspHeaderNames.TRANSPORT)));
            return;
        }
        if (session == null && sessions.size() >= MAX_SESSIONS_PER_CONNECTION) {
            reply(ctx, RtspResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, cseq, "this connection holds "
                    + MAX_SESSIONS_PER_CONNECTION + " sessions already; tear one down or open another connection"));
            return;
        }
        RtpStream stream = server.stream(target.camera());
        if (session == null) {
            session = new RtspSession(RtspSessions.newId(), target.camera(), stream, ctx.channel(), server.options());
        }
        session.setUp(delivery(ctx, session, transport));
        server.sessions().add(session);
        sessions.add(session);
        FullHttpResponse response = RtspResponses.of(HttpResponseStatus.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, session.delivery().transportReply());
        response.headers().set(RtspHeaderNames.SESSION, session.header());
        reply(ctx, response);
    }

    private RtpDelivery delivery(ChannelHandlerContext ctx, RtspSession session, TransportRequest transport) {
        if (transport.kind() == TransportRequest.Kind.TCP_INTERLEAVED) {
            int[] channels = InterleavedChannels.choose(transport, sessions);
            return new TcpInterleavedDelivery(ctx.channel(), session.stream(), session.client(), channels[0], channels[1]);
        }
        if (transport.kind() == TransportRequest.Kind.MULTICAST) {
            return new MulticastDelivery(server.multicastGroup(session.camera()), session);
        }
        // Only to the address the request came from: never a third party's (no Transport destination=).
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress rtp = new InetSocketAddress(peer.getAddress(), transport.clientRtpPort());
        InetSocketAddress rtcp = new InetSocketAddress(peer.getAddress(), transport.clientRtcpPort());
        server.sessions().udpClient(session, rtcp);
        return new UdpUnicastDelivery(server.udp(), session.stream(), session.client(), rtp, rtcp);
    }

    /** PLAY, PAUSE and TEARDOWN: they need the session SETUP made, for the same camera. */
    private void inSession(ChannelHandlerContext ctx, FullHttpRequest request, RtspTarget target, String cseq) {
        String id = sessionId(request);
        RtspSession session = server.sessions().get(id);
        if (session == null) {
            reply(ctx, RtspResponses.error(RtspResponses.SESSION_NOT_FOUND, cseq, id == null
                    ? request.method() + " needs the Session header of a SETUP" : "no session " + id
                    + " (it ended, or timed out without keep-alives)"));
            return;
        }
        if (session.camera() != target.camera()) {
            reply(ctx, RtspResponses.error(RtspResponses.AGGREGATE_NOT_ALLOWED, cseq, "session " + id
                    + " plays camera " + session.camera().id() + ", not " + target.camera().id()));
            return;
        }
        FullHttpResponse response = RtspResponses.of(HttpResponseStatus.OK, cseq);
        response.headers().set(RtspHeaderNames.SESSION, session.header());
        HttpMethod method = request.method();
        if (method.equals(RtspMethods.TEARDOWN)) {
            server.sessions().end(session, "TEARDOWN");
            sessions.remove(session);
            reply(ctx, response);
        } else if (method.equals(RtspMethods.PAUSE)) {
            session.pause();
            reply(ctx, response);
        } else {
            if (!session.playing()) {
                response.headers().set(RtspHeaderNames.RANGE, "npt=now-");
                response.headers().set(RtspHeaderNames.RTP_INFO, session.rtpInfo(target.base() + RtspTarget.TRACK_CONTROL));
            }
            reply(ctx, response); // before the first packet, which play() may write at once
            session.play();
            describedDemand.close(); // the session's own subscriber demands now
        }
    }

    /**
     * Whether the request names a session SETUP on this connection. PAUSE or TEARDOWN of another connection's session
     * (RFC 2326 lets a client send them on a new connection) goes through the login like any request, so that with
     * users configured nobody stops a viewer's stream without a login, whatever session id they hold.
     */
    private boolean ownSession(ChannelHandlerContext ctx, FullHttpRequest request) {
        RtspSession session = server.sessions().get(sessionId(request));
        return session != null && session.connection() == ctx.channel();
    }

    private static String sessionId(FullHttpRequest request) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    private static io.netty.channel.ChannelFuture reply(ChannelHandlerContext ctx, FullHttpResponse response) {
        return ctx.writeAndFlush(response);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        describedDemand.close();
        // Requests held behind a login or DESCRIBE are nobody's now: answered later, a SETUP would make a session
        // for a closed connection (over UDP streaming to it until the session timeout).
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        for (RtspSession session : sessions) {
            server.sessions().end(session, "connection closed");
        }
        sessions.clear();
        ctx.fireChannelInactive();
    }

    /**
     * A connection idle for the session timeout with no session of its own holds a client place for nothing: closed.
     * One with sessions (a UDP client's keep-alive may be its RTCP alone) or an answer on its way stays.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.handler.timeout.IdleStateEvent && sessions.isEmpty() && !waiting) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.close(ctx, cause);
    }
}
