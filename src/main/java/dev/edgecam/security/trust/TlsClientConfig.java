package dev.edgecam.security.trust;

import dev.edgecam.security.tls.CertificateFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the edgecam client trusts an {@code https://} server: by the system's CAs (the default), by a CA file
 * ({@code --tls-ca FILE}, PEM, for a home or shop CA), or by pinning the server certificate's SHA-256
 * fingerprint ({@code --tls-pin}, for a self-signed server: the fingerprint it printed at start).
 *
 * <p>A pin trusts exactly one certificate, so the host name check is skipped for it (a camera is often reached
 * by a bare IP address the self-signed certificate cannot list); with CAs the host name is checked as usual.
 * Use {@link #sslContext()} with the JDK's {@code HttpClient}, or {@link #trustManager()} with Netty's
 * {@code SslContextBuilder.forClient().trustManager(...)}.
 */
public final class TlsClientConfig {

    private final X509TrustManager trustManager;
    private final boolean pinned;
    private final String description;

    private TlsClientConfig(X509TrustManager trustManager, boolean pinned, String description) {
        this.trustManager = trustManager;
        this.pinned = pinned;
        this.description = description;
    }

    /** Trusts the certificate authorities of the JDK (the system's). */
    public static TlsClientConfig systemCas() {
        return trusting(null, "the system's certificate authorities");
    }

    /** Trusts exactly the certificate with this SHA-256 fingerprint. */
    public static TlsClientConfig pinned(CertificateFingerprint pin) {
        return new TlsClientConfig(new PinningTrustManager(pin), true, "the pinned certificate " + pin);
    }

    /**
     * Trusts the CA certificates in a PEM file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static TlsClientConfig caFile(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the CA file " + pemFile + " holds no certificate (PEM, BEGIN CERTIFICATE)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return trusting(store, "the CA certificates in " + pemFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + pemFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA file " + pemFile + " is not PEM certificates: " + e.getMessage());
        }
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** True when a pinned certificate replaces the host name check. */
    public boolean pinned() {
        return pinned;
    }

    /** A TLS context that trusts what this config says. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    /** For {@code HttpsURLConnection}: accepts any host name for a pin, else the JDK's usual check. */
    public HostnameVerifier hostnameVerifier() {
        return pinned ? (host, session) -> true : HttpsURLConnection.getDefaultHostnameVerifier();
    }

    @Override
    public String toString() {
        return "TLS trusting " + description;
    }

    /**
     * Trusts the CAs in {@code store} (null: the system's), and when they refuse a server, the handshake's error
     * gives the server's fingerprint as {@code --tls-pin} takes it.
     */
    private static TlsClientConfig trusting(KeyStore store, String description) {
        X509TrustManager manager = defaultTrustManager(store);
        if (manager instanceof X509ExtendedTrustManager extended) {
            manager = new PinAdvisingTrustManager(extended, description);
        }
        return new TlsClientConfig(manager, false, description);
    }

    private static X509TrustManager defaultTrustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** Accepts a server whose own (leaf) certificate has the pinned fingerprint, nothing else. */
    private static final class PinningTrustManager implements X509TrustManager {

        private final CertificateFingerprint pin;

        PinningTrustManager(CertificateFingerprint pin) {
            this.pin = pin;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            if (!pin.matches(chain[0])) {
                throw new CertificateException("the server's certificate " + CertificateFingerprint.of(chain[0])
                        + " is not the pinned " + pin + " (a different server, or its certificate changed)");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("edgecam's client does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
