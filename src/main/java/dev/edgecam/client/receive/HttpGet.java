package dev.edgecam.client.receive;

import dev.edgecam.security.trust.TlsClientConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;

/**
 * One GET to an HTTP(S) server as every client command makes it: the client's TLS trust, its login (a Bearer token,
 * or HTTP Basic from the URL's user info), its timeouts (the response head within the read timeout too), no proxy,
 * no redirects, and one-line errors for a refused login, a 404 and a plain port spoken to in TLS (or back).
 */
public final class HttpGet {

    private HttpGet() {
    }

    /**
     * Opens {@code pathAndQuery} on {@code address}'s server and returns the connection once it answered 200.
     *
     * @param what what the caller expects, for errors ({@code a stream})
     * @param notFoundHint the sentence a 404 adds ({@code edgecam serves its stream at /stream})
     */
    public static HttpURLConnection open(ServerAddress address, String pathAndQuery, ClientOptions options, String what,
                                         String notFoundHint) throws IOException {
        URL url = new URL(address.scheme() == ServerAddress.Scheme.HTTPS ? "https" : "http", address.host(),
                address.port(), pathAndQuery);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            TlsClientConfig tls = options.tls() != null ? options.tls() : TlsClientConfig.systemCas();
            https.setSSLSocketFactory(tls.sslContext().getSocketFactory());
            https.setHostnameVerifier(tls.hostnameVerifier());
        }
        String authorization = authorization(address, options);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        connection.setConnectTimeout(options.connectTimeoutMillis());
        connection.setReadTimeout(options.readTimeoutMillis());
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("User-Agent", "edgecam-client");
        int status;
        try {
            connection.connect();
        } catch (IOException e) {
            // For https:// the TLS handshake happens here, so a plain HTTP port fails here, not at the response.
            connection.disconnect();
            throw SchemeMismatch.explain(e, address, options);
        }
        try {
            // The response headers get the same deadline as a frame, so a server cannot drip them for hours either.
            status = FrameDeadline.within(options.readTimeoutMillis(), connection::disconnect, connection::getResponseCode);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw Connections.readTimedOut(address.toString(), options.readTimeoutMillis(), e);
        } catch (IOException e) {
            connection.disconnect();
            throw SchemeMismatch.explain(e, address, options);
        }
        if (status != HttpURLConnection.HTTP_OK) {
            connection.disconnect();
            IOException wrongScheme = status == HttpURLConnection.HTTP_BAD_REQUEST
                    ? SchemeMismatch.explainBadRequest(address, options) : null;
            if (wrongScheme != null) {
                throw wrongScheme;
            }
            throw new IOException(switch (status) {
                case HttpURLConnection.HTTP_UNAUTHORIZED, HttpURLConnection.HTTP_FORBIDDEN ->
                        address + (authorization == null ? " asks for a login (HTTP " + status + "): put USER:PASSWORD@ "
                                + "in the URL (https://alice:secret@camera:8080/stream) or give --token"
                                : " refused the login (HTTP " + status + "): check the user name and password or token");
                case HttpURLConnection.HTTP_NOT_FOUND -> "nothing at " + address + " (HTTP 404): " + notFoundHint;
                default -> address + " answered HTTP " + status + " instead of " + what;
            });
        }
        return connection;
    }

    /** The Authorization header: the options' (a Bearer token), else HTTP Basic from the URL's user info. */
    private static String authorization(ServerAddress address, ClientOptions options) {
        if (options.authorization() != null) {
            return options.authorization();
        }
        if (address.userInfo() == null) {
            return null;
        }
        String userInfo = URLDecoder.decode(address.userInfo(), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
