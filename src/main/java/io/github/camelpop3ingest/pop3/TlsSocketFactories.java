package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLSocketFactory} handed to the mail client: the JVM's CAs or a PEM truststore, with the leaf's
 * validity dates and the server's certificate pins (when there are any) checked on top.
 */
public final class TlsSocketFactories {

    private TlsSocketFactories() {
    }

    /**
     * @param truststore a PEM file to trust instead of the JVM's CAs, or null
     * @param pins       pins the leaf certificate must match as well, or null
     * @param server     how a pin mismatch names the server, e.g. {@code mail.example.com:995}
     * @param setting    how errors name the truststore option
     */
    public static SSLSocketFactory socketFactory(Path truststore, CertificatePins pins, String server, String setting) {
        X509ExtendedTrustManager trust = truststore != null ? PemTrustStore.trustManager(truststore, setting)
                : trustManager(null);
        return socketFactory(new PinningTrustManager(trust, pins, server));
    }

    static SSLSocketFactory socketFactory(X509ExtendedTrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM offers no TLS context", e);
        }
    }

    /** The platform's PKIX trust manager over {@code keyStore}, or over the JVM's CAs when it is null. */
    static X509ExtendedTrustManager trustManager(KeyStore keyStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("The JVM's " + tmf.getAlgorithm() + " trust managers include no X.509 one");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM's default trust manager cannot be created", e);
        }
    }
}
