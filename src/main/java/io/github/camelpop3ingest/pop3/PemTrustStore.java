package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds an {@link SSLSocketFactory} that trusts exactly the certificates of a PEM file (a private CA or a
 * self-signed server); host-name verification stays with the mail client.
 */
public final class PemTrustStore {

    private PemTrustStore() {
    }

    /**
     * Reads every certificate in {@code pemFile}; fails with a message naming the file and {@code setting} when it
     * is missing, unreadable or holds no certificate.
     */
    public static SSLSocketFactory socketFactory(Path pemFile, String setting) {
        return TlsSocketFactories.socketFactory(trustManager(pemFile, setting));
    }

    /** As {@link #socketFactory}, the trust manager alone, so that pins can be checked on top of it. */
    public static X509ExtendedTrustManager trustManager(Path pemFile, String setting) {
        if (!Files.isRegularFile(pemFile) || !Files.isReadable(pemFile)) {
            throw new IllegalArgumentException(
                    "Truststore " + pemFile + " (" + setting + ") is not a readable file");
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(
                        "Truststore " + pemFile + " (" + setting + ") holds no PEM certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                ks.setCertificateEntry("trusted-" + i++, cert);
            }
            return TlsSocketFactories.trustManager(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Truststore " + pemFile + " (" + setting + ") cannot be read as PEM certificates: " + e.getMessage(),
                    e);
        }
    }
}
