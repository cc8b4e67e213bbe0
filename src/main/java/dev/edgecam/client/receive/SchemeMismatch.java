package dev.edgecam.client.receive;

import dev.edgecam.security.trust.TlsClientConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Says which scheme to use when an {@code http://} URL reaches an HTTPS port, or an {@code https://} URL a plain
 * HTTP one, instead of the JDK's "Unexpected end of file from server" and "Unsupported or unrecognized SSL
 * message". Other failures get {@link Connections#explainConnectFailure}'s messages.
 */
final class SchemeMismatch {

    private SchemeMismatch() {
    }

    /** The failure of the first request to {@code address}, with a message that says what to do. */
    static IOException explain(IOException failure, ServerAddress address, ClientOptions options) {
        String where = origin(address);
        if (address.scheme() == ServerAddress.Scheme.HTTPS && failure instanceof SSLException
                && String.valueOf(failure.getMessage()).contains("Unsupported or unrecognized SSL message")) {
            return new IOException(where + " does not speak HTTPS (its answer is not TLS; an edgecam serve without "
                    + "--tls-self-signed or --tls-cert serves plain HTTP): use " + withScheme(address, ServerAddress.Scheme.HTTP),
                    failure);
        }
        if (address.scheme() == ServerAddress.Scheme.HTTP && closedOnPlainRequest(failure)
                && speaksTls(address, options)) {
            return useHttps(address, failure);
        }
        return Connections.explainConnectFailure(failure, address.host(), address.port(), options);
    }

    /**
     * A plain request answered 400 by a port that speaks TLS (edgecam's HTTPS port answers plain HTTP with a plain
     * 400 that says to use https://), with the message that says so; null for an ordinary 400.
     */
    static IOException explainBadRequest(ServerAddress address, ClientOptions options) {
        return address.scheme() == ServerAddress.Scheme.HTTP && speaksTls(address, options) ? useHttps(address, null) : null;
    }

    private static IOException useHttps(ServerAddress address, IOException failure) {
        return new IOException(origin(address) + " speaks HTTPS, not plain HTTP: use "
                + withScheme(address, ServerAddress.Scheme.HTTPS), failure);
    }

    /** The address without its path, as {@code http://camera:8080}. */
    private static String origin(ServerAddress address) {
        return new ServerAddress(address.scheme(), address.host(), address.port(), "").toString();
    }

    /** An HTTPS server drops a plain request at once: end of file, or a reset; not a refused connection. */
    private static boolean closedOnPlainRequest(IOException failure) {
        return failure instanceof SocketException
                && !(failure instanceof ConnectException) && !(failure instanceof NoRouteToHostException);
    }

    /**
     * Whether the server answers a TLS handshake: it completes, or fails only at the certificate (which the server
     * sent, so it speaks TLS). Nothing is sent after the handshake.
     */
    private static boolean speaksTls(ServerAddress address, ClientOptions options) {
        TlsClientConfig tls = options.tls() != null ? options.tls() : TlsClientConfig.systemCas();
        try (Socket plain = Connections.connect(address.host(), address.port(), options);
             SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory()
                     .createSocket(plain, address.host(), address.port(), true)) {
            socket.startHandshake();
            return true;
        } catch (IOException e) {
            Throwable cause = e;
            for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
                if (cause instanceof CertificateException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The URL the user gave, with the other scheme and without the password. */
    private static String withScheme(ServerAddress address, ServerAddress.Scheme scheme) {
        return new ServerAddress(scheme, address.host(), address.port(), address.path()).toString();
    }
}
