package dev.edgecam.transport.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes whole responses the same way everywhere: {@code Content-Length} always, no body for {@code HEAD},
 * keep-alive when the client wants it, and JSON errors that say what went wrong and what to do.
 */
final class HttpResponses {

    static final String JSON = "application/json; charset=utf-8";
    static final String NO_STORE = "no-store, no-cache, must-revalidate, max-age=0";
    /** After refusing a broken request, how long unread bytes are drained before closing (see {@link #refuse}). */
    private static final long LINGER_MILLIS = 2_000;
    /**
     * JSON is written by jackson-core's generator walking the tree, not by an ObjectMapper: the mapper's serializer
     * machinery is about 400 classes, and /state, which the page asks for every second, loaded them into a server
     * meant for small boards (3 MiB of its resident memory at 50 viewers, docs/benchmarks.md "Memory").
     */
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private HttpResponses() {
    }

    /** A response with {@code body}, ready for extra headers; {@link #send} completes and writes it. */
    static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        return response(status, contentType, Unpooled.wrappedBuffer(body));
    }

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = JSON_FACTORY.createGenerator(bytes).useDefaultPrettyPrinter()) {
            write(body, generator);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail to write", e);
        }
        return response(status, JSON, bytes.toByteArray());
    }

    /** Writes a tree of objects, arrays, strings, numbers, booleans and nulls, as an ObjectMapper would. */
    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                write(field.getValue(), generator);
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(element, generator);
            }
            generator.writeEndArray();
        } else if (node.isTextual()) {
            generator.writeString(node.textValue());
        } else if (node.isIntegralNumber()) {
            generator.writeNumber(node.bigIntegerValue());
        } else if (node.isNumber()) {
            generator.writeNumber(node.doubleValue());
        } else if (node.isBoolean()) {
            generator.writeBoolean(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            generator.writeNull();
        } else {
            throw new IllegalArgumentException("no JSON for a " + node.getNodeType() + " node");
        }
    }

    /** A JSON error: {@code {"status": 404, "error": "…"}}, the message saying what failed and what to do. */
    static FullHttpResponse error(HttpResponseStatus status, String message) {
        ObjectNode body = newObject();
        body.put("status", status.code());
        body.put("error", message);
        return json(status, body);
    }

    static ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Sends {@code response} to {@code request}: sets {@code Content-Length}, drops the body for {@code HEAD}, and
     * keeps the connection open when the client asked for it (closes it otherwise).
     *
     * @return the write's future; the connection is closed after it when not kept alive
     */
    static ChannelFuture send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }

    /**
     * Answers a request that cannot be served on this connection any more (malformed, too big, too slow) and
     * closes it. The socket is half-closed first and the rest of what the client sends is drained for a moment:
     * closing with unread bytes makes the kernel reset the connection, and the client would lose the answer.
     */
    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse response = error(status, message);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Channel channel = ctx.channel();
        ctx.writeAndFlush(response).addListener((ChannelFuture written) -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
