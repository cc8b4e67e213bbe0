package dev.edgecam.transport.http;

import dev.edgecam.security.access.Cidr;
import dev.edgecam.transport.onvif.OnvifCall;
import dev.edgecam.transport.onvif.OnvifService;
import dev.edgecam.wire.onvif.Soap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /onvif/device_service} and {@code /onvif/media_service}: hands the call to {@link OnvifService}. */
final class OnvifEndpoint {

    private static final Logger log = LoggerFactory.getLogger(OnvifEndpoint.class);

    private OnvifEndpoint() {
    }

    /** The answer (completes on any thread), or null when the client left while its login was checked. */
    static CompletableFuture<FullHttpResponse> answer(ChannelHandlerContext ctx, FullHttpRequest request,
                                                      HttpServices services) {
        OnvifService onvif = services.onvif();
        if (onvif == null) {
            return CompletableFuture.completedFuture(HttpResponses.error(HttpResponseStatus.NOT_FOUND,
                    "ONVIF is off on this server; turn it on with 'onvif: on' in the config or --onvif"));
        }
        String path = Routes.resolve(request.uri()).path();
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        OnvifCall call = new OnvifCall(path, ByteBufUtil.getBytes(request.content()),
                request.headers().get(HttpHeaderNames.HOST), request.headers().get(HttpHeaderNames.AUTHORIZATION), local,
                Cidr.normalize(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress()),
                ctx.pipeline().get(SslHandler.class) != null);
        CompletableFuture<OnvifService.Answer> answered;
        try {
            answered = onvif.answer(call, services.cameras().stream().map(c -> c.served).toList(), ctx.channel()::isActive);
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        return answered.exceptionally(error -> {
            log.warn("ONVIF: {} {} failed: {}", call.peer().getHostAddress(), path, error.toString());
            return new OnvifService.Answer(500, Soap.fault("s:Receiver", "edgecam failed to answer: " + error
                    + " (see its log)"), 0);
        }).thenApply(answer -> answer == null ? null : response(answer));
    }

    private static FullHttpResponse response(OnvifService.Answer answer) {
        FullHttpResponse response = HttpResponses.response(HttpResponseStatus.valueOf(answer.status()), Soap.CONTENT_TYPE,
                answer.xml().getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpResponses.NO_STORE);
        if (answer.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, answer.retryAfterSeconds());
        }
        return response;
    }
}
