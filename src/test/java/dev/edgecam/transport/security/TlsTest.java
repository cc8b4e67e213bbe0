package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.security.tls.CertificateFingerprint;
import dev.edgecam.security.tls.SelfSignedCertificate;
import dev.edgecam.security.trust.TlsClientConfig;
import dev.edgecam.transport.NettyRuntime;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.Builder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-signed certificate and the client's trust options, with real TLS handshakes on loopback between a
 * Netty server using {@link ServerTls} and the JDK's HttpClient using {@link TlsClientConfig}.
 */
@Timeout(60)
class TlsTest {

    @TempDir
    Path dir;
    private NettyRuntime net;
    private Channel server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (net != null) {
            net.close();
        }
    }

    /** A tiny HTTPS server answering "hello" to everything, behind the given TLS. */
    private int serve(ServerTls tls) {
        net = new NettyRuntime(1);
        server = new ServerBootstrap().group(net.acceptors(), net.workers()).channel(net.serverChannelType())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new SimpleChannelInboundHandler<HttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest request) {
                                        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
                                        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 5)
                                                .set(HttpHeaderNames.CONNECTION, "close");
                                        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static String get(TlsClientConfig trust, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        Builder request = java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theSelfSignedCertificateIsMadeOnceKeptPrivateAndPinnable() throws Exception {
        ServerTls first = ServerTls.selfSigned(dir);
        ServerTls again = ServerTls.selfSigned(dir);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SelfSignedCertificate.KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(first.fingerprint().toString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

        int port = serve(first);
        String pin = first.fingerprint().toString();
        assertThat(get(TlsClientConfig.pinned(CertificateFingerprint.parse(pin)), port)).isEqualTo("hello");
        assertThat(get(TlsClientConfig.pinned(CertificateFingerprint.parse(pin.replace(":", "").toLowerCase())), port))
                .isEqualTo("hello");
        // Trusting the certificate as a CA file works too (its names include 127.0.0.1, so the host check passes).
        assertThat(get(TlsClientConfig.caFile(dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE)), port)).isEqualTo("hello");
    }

    @Test
    void aWrongPinOrTheSystemCasRefuseTheServer() throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir);
        int port = serve(tls);
        String other = "00".repeat(32);
        assertThatThrownBy(() -> get(TlsClientConfig.pinned(CertificateFingerprint.parse(other)), port))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> get(TlsClientConfig.systemCas(), port)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void badFilesAndPinsAreRefusedWithWhatIsWrong() throws Exception {
        ServerTls.selfSigned(dir);
        Path cert = dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem\n");
        assertThatThrownBy(() -> ServerTls.fromPem(garbage, dir.resolve(SelfSignedCertificate.KEY_FILE)))
                .hasMessageContaining("garbage.pem is not a PEM X.509 certificate");
        assertThatThrownBy(() -> ServerTls.fromPem(cert, garbage)).hasMessageContaining("cannot use the TLS key")
                .hasMessageContaining("unencrypted PEM private key");
        assertThatThrownBy(() -> ServerTls.fromPem(dir.resolve("missing.pem"), garbage))
                .hasMessageContaining("cannot read the TLS certificate");
        assertThatThrownBy(() -> CertificateFingerprint.parse("abc")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> TlsClientConfig.caFile(garbage)).hasMessageContaining("garbage.pem");
    }
}
