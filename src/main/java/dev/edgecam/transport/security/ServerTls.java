package dev.edgecam.transport.security;

import dev.edgecam.security.access.RefusalLog;
import dev.edgecam.security.tls.CertificateFingerprint;
import dev.edgecam.security.tls.SelfSignedCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The server side of HTTPS: a certificate and key from PEM files ({@code --tls-cert}, {@code --tls-key}), or
 * a self-signed pair made once and kept ({@code --tls-self-signed}, see {@link SelfSignedCertificate}).
 * Immutable; the HTTP transport puts {@link #newHandler} first in each connection's pipeline, after the gate.
 */
public final class ServerTls {

    /**
     * TLS 1.2 lets a client renegotiate as often as it likes, each time costing the server a full handshake (200
     * renegotiations took 2.1 s of CPU); TLS 1.3 has no renegotiation. The JDK refuses client-initiated
     * renegotiation only by this system property, read once when its first server handshake runs, so it is set
     * here, before any context of the server exists, unless the operator has set it explicitly.
     */
    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
    }

    private final SslContext context;
    private final X509Certificate certificate;
    private final String source;

    private ServerTls(SslContext context, X509Certificate certificate, String source) {
        this.context = context;
        this.certificate = certificate;
        this.source = source;
    }

    /**
     * Loads a PEM certificate (chain) and its PEM private key (PKCS#8, unencrypted).
     *
     * @throws IllegalArgumentException naming the files and what is wrong
     */
    public static ServerTls fromPem(Path certificateFile, Path keyFile) {
        X509Certificate leaf = readCertificate(certificateFile);
        try {
            SslContext context = SslContextBuilder.forServer(certificateFile.toFile(), keyFile.toFile()).build();
            return new ServerTls(context, leaf, certificateFile.toString());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS key " + keyFile + " with " + certificateFile + ": "
                    + rootMessage(e) + " (the key must be an unencrypted PEM private key matching the certificate)");
        }
    }

    /** The self-signed pair in {@code directory}, made there first if it is not there yet. */
    public static ServerTls selfSigned(Path directory) {
        SelfSignedCertificate pair = SelfSignedCertificate.loadOrCreate(directory);
        return fromPem(pair.certificateFile(), pair.keyFile());
    }

    public SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }

    /**
     * Adds TLS to a connection's pipeline: in front, a 400 for peers that speak plain HTTP ({@link PlainHttpRefuser});
     * the TLS handler; and behind it a closer for peers that fail the handshake; each logged once per address and
     * minute by {@code refusals}.
     *
     * @param handshakeTimeout a peer that has not finished the handshake by then is closed (a silent or
     *     trickling peer would otherwise hold the connection; the request timeout fits)
     */
    public void secure(ChannelPipeline pipeline, RefusalLog refusals, Duration handshakeTimeout) {
        SslHandler handler = newHandler(pipeline.channel().alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        pipeline.addLast("plain-http", new PlainHttpRefuser(refusals))
                .addLast("tls", handler)
                .addLast("tls-failure", new TlsFailureCloser(refusals));
    }

    public SslContext context() {
        return context;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public CertificateFingerprint fingerprint() {
        return CertificateFingerprint.of(certificate);
    }

    /** Where the certificate came from, for the start-up log. */
    public String source() {
        return source;
    }

    static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + file + ": " + e.getMessage());
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("the TLS certificate " + file + " is not a PEM X.509 certificate: "
                    + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
