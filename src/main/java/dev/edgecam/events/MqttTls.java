package dev.edgecam.events;

import dev.edgecam.security.trust.ClientCertificate;
import dev.edgecam.security.trust.ReadableFile;
import dev.edgecam.security.trust.TlsClientConfig;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * How a camera talks TLS to an {@code mqtts://} broker: whom it trusts (the system's certificate authorities, or the
 * CA certificates of {@code mqtt_ca}) and, for a broker that asks for one (Mosquitto's {@code require_certificate
 * true}), its own certificate and key ({@code mqtt_cert}, {@code mqtt_key}). The broker's host name is always
 * checked against its certificate. Holds paths only, so a reload compares them; {@link #checked} reads the files
 * once when the config is loaded, so a missing or wrong file stops the start, and {@link #socketFactory} reads them
 * again at each start of the publisher.
 *
 * @param ca PEM CA certificates to trust instead of the system's, or null
 * @param certificate the camera's PEM client certificate, or null
 * @param key the PEM private key of {@code certificate}, or null
 */
public record MqttTls(Path ca, Path certificate, Path key) {

    /** The system's certificate authorities, no client certificate: what {@code mqtts://} alone means. */
    public static final MqttTls SYSTEM = new MqttTls(null, null, null);

    /** The port of {@code mqtts://} when the URL has none, as for Mosquitto's TLS listeners. */
    public static final int DEFAULT_PORT = 8883;
    /** The port of {@code mqtt://} when the URL has none. */
    public static final int DEFAULT_PLAIN_PORT = 1883;

    /** Whether {@code broker} asks for TLS: {@code mqtts://} (or Paho's {@code ssl://}). */
    public static boolean isTls(URI broker) {
        return broker != null && ("mqtts".equals(broker.getScheme()) || "ssl".equals(broker.getScheme()));
    }

    /** The broker's port, or the default of its scheme. */
    public static int port(URI broker) {
        return broker.getPort() > 0 ? broker.getPort() : isTls(broker) ? DEFAULT_PORT : DEFAULT_PLAIN_PORT;
    }

    /**
     * The TLS settings of {@code broker}, with their files read and checked.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do: files for a plain broker, a certificate
     *     without its key, a file that is missing, unreadable or not PEM
     */
    public static MqttTls checked(URI broker, Path ca, Path certificate, Path key) {
        MqttTls tls = new MqttTls(ca, certificate, key);
        if (tls.equals(SYSTEM)) {
            return SYSTEM;
        }
        if (!isTls(broker)) {
            throw new IllegalArgumentException("a CA file, client certificate or key is for a broker reached with TLS:"
                    + " write it as mqtts://HOST[:PORT] (port " + DEFAULT_PORT + " by default)"
                    + (broker == null ? ", and give it with mqtt" : ""));
        }
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate: give "
                    + "both (mqtt_cert and mqtt_key) or neither");
        }
        tls.trust();
        tls.clientCertificate();
        return tls;
    }

    /** A socket factory for Paho that trusts and identifies as these settings say; reads the files. */
    public SSLSocketFactory socketFactory() {
        ClientCertificate client = clientCertificate();
        KeyManager[] keyManagers = client == null ? null : client.keyManagers();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trust().trustManager()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    /** For logs and {@code /state}: whom it trusts and, when it has one, which client certificate it shows. */
    public String describe() {
        return "trusting " + (ca == null ? "the system's certificate authorities" : "the CA certificates in " + ca)
                + (certificate == null ? "" : ", with the client certificate " + certificate);
    }

    private TlsClientConfig trust() {
        return ca == null ? TlsClientConfig.systemCas() : TlsClientConfig.caFile(ReadableFile.require(ca, "the CA file"));
    }

    private ClientCertificate clientCertificate() {
        return certificate == null ? null : ClientCertificate.load(certificate, key);
    }
}
