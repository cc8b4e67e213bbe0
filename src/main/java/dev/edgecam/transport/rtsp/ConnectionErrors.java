package dev.edgecam.transport.rtsp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CodecException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an RTSP connection's handlers do with an exception: close the connection, and say so. A connection that a
 * bad request or a bug in a handler closed used to go without a word, so a client's "received end-of-file" could not
 * be told from a session that timed out. A peer that reset the connection is the usual end, logged at debug only;
 * a client's bad input is named without a stack trace.
 */
final class ConnectionErrors {

    private static final Logger log = LoggerFactory.getLogger(ConnectionErrors.class);

    private ConnectionErrors() {
    }

    static void close(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("RTSP: connection of {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof CodecException) {
            // A client's bad input (a head or body over the limits): its reason is enough, no stack.
            log.warn("RTSP: closing the connection of {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (ctx.channel().isOpen()) {
            log.warn("RTSP: closing the connection of {} after an error: {}", ctx.channel().remoteAddress(),
                    cause.toString(), cause);
        }
        ctx.close();
    }
}
