package dev.edgecam.bench;

import dev.edgecam.wire.rtp.Sdp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One RTSP viewer: OPTIONS, DESCRIBE, SETUP (RTP over its own UDP port pair, or interleaved in this TCP connection
 * as {@code $} frames), PLAY, an OPTIONS keep-alive every {@link #KEEP_ALIVE_SECONDS} s, and TEARDOWN when the
 * generator closes the connection. Packets are counted by an {@link RtpCounter}; nothing is reassembled or decoded.
 *
 * <p>RTSP answers are read as a status line, headers and a {@code Content-Length} body; {@code $} frames may come
 * between them. Bytes that do not make a whole message yet wait in a small buffer for the next read.
 */
final class RtspStreamReceiver extends StreamReceiver {

    static final int KEEP_ALIVE_SECONDS = 20;
    /** The longest RTSP answer (headers and SDP) accepted. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum Step { OPTIONS, DESCRIBE, SETUP, PLAY, PLAYING }

    private final BenchTarget target;
    private final RtpCounter counter;
    private final Class<? extends DatagramChannel> udpType;
    private UdpRtpPorts udp;
    private final byte[] scratch = new byte[65536];
    private ByteBuf pending;
    private Step step = Step.OPTIONS;
    private int cseq;
    private String session;
    private String baseUrl;
    private ScheduledFuture<?> keepAlive;

    /**
     * @param udpType the channel type of the UDP port pair RTP comes to (bound on this connection's local address),
     *     or null for RTP interleaved in the TCP connection
     */
    RtspStreamReceiver(ClientProbe probe, MeasureWindow window, EpochClock clock, Class<? extends DatagramChannel> udpType) {
        super(probe, window);
        this.target = probe.target;
        this.counter = new RtpCounter(probe, clock);
        this.udpType = udpType;
        this.baseUrl = target.toString();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // TEARDOWN before the generator's close, so the server ends the session at once rather than at its timeout.
        ctx.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void close(ChannelHandlerContext outbound, ChannelPromise promise) {
                if (session != null && outbound.channel().isActive()) {
                    outbound.writeAndFlush(request("TEARDOWN", target.toString(), ""));
                }
                outbound.close(promise);
            }
        });
    }

    @Override
    protected ByteBuf request(ChannelHandlerContext ctx) {
        return request("OPTIONS", target.toString(), "");
    }

    private ByteBuf request(String method, String url, String headers) {
        String text = method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\nUser-Agent: edgecam-bench\r\n"
                + (session != null ? "Session: " + session + "\r\n" : "") + headers + "\r\n";
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    protected void parse(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) throws BenchProtocolException {
        if (pending == null || !pending.isReadable()) {
            consume(ctx, in, nowNanos);
            if (in.isReadable()) {
                keep(ctx, in);
            }
            return;
        }
        keep(ctx, in);
        consume(ctx, pending, nowNanos);
        pending.discardReadBytes();
    }

    private void keep(ChannelHandlerContext ctx, ByteBuf in) throws BenchProtocolException {
        if (pending == null) {
            pending = ctx.alloc().heapBuffer(4096);
        }
        if (pending.readableBytes() + in.readableBytes() > MAX_MESSAGE_BYTES + 4 + 65535) {
            throw new BenchProtocolException("more than " + MAX_MESSAGE_BYTES + " bytes without a whole RTSP message");
        }
        pending.writeBytes(in);
    }

    /** Reads every whole message of {@code in}; leaves a partial one unread. */
    private void consume(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) throws BenchProtocolException {
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (in.getByte(start) == '$') {
                if (in.readableBytes() < 4 || in.readableBytes() < 4 + in.getUnsignedShort(start + 2)) {
                    return;
                }
                int channel = in.getUnsignedByte(start + 1);
                int length = in.getUnsignedShort(start + 2);
                in.getBytes(start + 4, scratch, 0, length);
                in.skipBytes(4 + length);
                if (channel == 0) {
                    counter.rtp(scratch, length, nowNanos);
                } else if (channel == 1) {
                    counter.rtcp(scratch, length);
                }
                continue;
            }
            int headersEnd = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(END_OF_HEADERS), in);
            if (headersEnd < 0) {
                if (in.readableBytes() > MAX_MESSAGE_BYTES) {
                    throw new BenchProtocolException("no end of an RTSP answer's headers in " + MAX_MESSAGE_BYTES + " bytes");
                }
                return;
            }
            String head = in.toString(start, headersEnd - start, StandardCharsets.ISO_8859_1);
            int bodyLength = contentLength(head);
            int total = headersEnd + END_OF_HEADERS.length - start + bodyLength;
            if (in.readableBytes() < total) {
                return;
            }
            String body = in.toString(headersEnd + END_OF_HEADERS.length, bodyLength, StandardCharsets.UTF_8);
            in.skipBytes(total);
            answered(ctx, head, body, nowNanos);
        }
    }

    /** The next step after an answer; any answer but 200 ends the viewer, naming the request and the status. */
    private void answered(ChannelHandlerContext ctx, String head, String body, long nowNanos) throws BenchProtocolException {
        String statusLine = head.lines().findFirst().orElse("");
        if (step == Step.PLAYING) {
            return; // a keep-alive's answer
        }
        if (!statusLine.startsWith("RTSP/1.0 200")) {
            throw new BenchProtocolException(step + " " + target + " answered '" + statusLine.strip() + "'");
        }
        switch (step) {
            case OPTIONS -> {
                step = Step.DESCRIBE;
                ctx.writeAndFlush(request("DESCRIBE", target.toString(), "Accept: application/sdp\r\n"));
            }
            case DESCRIBE -> {
                String contentBase = header(head, "Content-Base");
                if (contentBase != null) {
                    baseUrl = contentBase;
                }
                String control;
                try {
                    control = Sdp.parseH264(body).control();
                } catch (IllegalArgumentException e) {
                    throw new BenchProtocolException(target + ": " + e.getMessage());
                }
                step = Step.SETUP;
                setup(ctx, controlUrl(control));
            }
            case SETUP -> {
                String sessionHeader = header(head, "Session");
                if (sessionHeader == null) {
                    throw new BenchProtocolException("SETUP " + target + " answered no Session");
                }
                session = sessionHeader.split(";", 2)[0].strip();
                step = Step.PLAY;
                ctx.writeAndFlush(request("PLAY", target.toString(), "Range: npt=0.000-\r\n"));
                probe.playing(System.nanoTime());
            }
            case PLAY -> {
                step = Step.PLAYING;
                keepAlive = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(request("OPTIONS", target.toString(), "")),
                        KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            }
            default -> throw new IllegalStateException("no answer expected in step " + step);
        }
    }

    private void setup(ChannelHandlerContext ctx, String url) {
        if (udpType == null) {
            ctx.writeAndFlush(request("SETUP", url, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"));
            return;
        }
        udp = new UdpRtpPorts(udpType, ((InetSocketAddress) ctx.channel().localAddress()).getAddress());
        udp.bind(ctx.channel().eventLoop(), counter, probe).addListener(bound -> {
            if (!bound.isSuccess()) {
                probe.failed("cannot bind a UDP port pair for RTP: " + bound.cause().getMessage());
                ctx.close();
                return;
            }
            ctx.writeAndFlush(request("SETUP", url, "Transport: RTP/AVP;unicast;client_port=" + udp.rtpPort() + "-"
                    + udp.rtcpPort() + "\r\n"));
        });
    }

    /** The SETUP URL of the media: absolute, or relative to the Content-Base (or the URL asked for). */
    private String controlUrl(String control) {
        if (control == null || control.equals("*")) {
            return baseUrl;
        }
        if (control.toLowerCase(Locale.ROOT).startsWith("rtsp://")) {
            return control;
        }
        return baseUrl.endsWith("/") ? baseUrl + control : baseUrl + "/" + control;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (udp != null) {
            udp.close();
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        super.channelInactive(ctx);
    }

    private static int contentLength(String head) throws BenchProtocolException {
        String value = header(head, "Content-Length");
        try {
            int length = value == null ? 0 : Integer.parseInt(value);
            if (length < 0 || length > MAX_MESSAGE_BYTES) {
                throw new BenchProtocolException("an RTSP answer's Content-Length of " + length + " is out of 0 to "
                        + MAX_MESSAGE_BYTES);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new BenchProtocolException("an RTSP answer's Content-Length is not a number: " + value);
        }
    }

    /** A header's value (case-insensitive name), or null. */
    static String header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip()).findFirst().orElse(null);
    }
}
