package dev.edgecam.security.trust;

import dev.edgecam.security.tls.CertificateFingerprint;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts what its delegate (the system's CAs, or a CA file) trusts, and when it refuses a server, says how to
 * trust that server instead: its certificate's SHA-256 fingerprint, written as {@code --tls-pin} takes it. A camera
 * with {@code --tls-self-signed} is refused by every CA, and its owner needs exactly that line to pin it after
 * comparing the fingerprint with the one the server logs at start.
 */
final class PinAdvisingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String trusted;

    /** @param trusted what the delegate trusts, for the message ("the system's certificate authorities") */
    PinAdvisingTrustManager(X509ExtendedTrustManager delegate, String trusted) {
        this.delegate = delegate;
        this.trusted = trusted;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        advising(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        advising(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        advising(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    /** A check of the delegate's. */
    private interface Check {
        void run() throws CertificateException;
    }

    private void advising(X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw advised(chain, e);
        }
    }

    /** The refusal with what to do about it; the JDK shows this message as the handshake's failure. */
    private CertificateException advised(X509Certificate[] chain, CertificateException refusal) {
        if (chain == null || chain.length == 0) {
            return refusal;
        }
        String why = String.valueOf(refusal.getMessage()).contains("PKIX path building failed")
                ? "the server's certificate is not signed by " + trusted + " (a self-signed camera?)"
                : "the server's certificate is refused (" + refusal.getMessage() + ")";
        CertificateFingerprint offered = CertificateFingerprint.of(chain[0]);
        return new CertificateException(why + ": compare its SHA-256 fingerprint with the one the server logs at start "
                + "and, if they are the same, trust it with --tls-pin " + offered, refusal);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
