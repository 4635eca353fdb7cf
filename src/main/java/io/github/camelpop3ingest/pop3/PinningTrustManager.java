package io.github.camelpop3ingest.pop3;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only when the wrapped trust manager accepts its chain, its leaf certificate is within its validity
 * period, and (when there are pins) the leaf matches one of the {@link CertificatePins}; these checks add to chain
 * and host-name verification, they never replace them.
 * <p>
 * The validity check matters for a self-signed server trusted through a PEM file: PKIX never checks the dates of a
 * trust anchor, so without it an expired self-signed certificate would be accepted.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final CertificatePins pins;
    private final String server;

    /**
     * @param pins   pins the leaf must match, or null for none
     * @param server how a refusal names the server, e.g. {@code mail.example.com:995}
     */
    public PinningTrustManager(X509ExtendedTrustManager delegate, CertificatePins pins, String server) {
        this.delegate = delegate;
        this.pins = pins;
        this.server = server;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkPinned(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
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

    private void checkPinned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("POP3 server " + server + " presented no certificate");
        }
        try {
            chain[0].checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new CertificateException("POP3 server " + server + " presented a certificate valid from "
                    + chain[0].getNotBefore().toInstant() + " to " + chain[0].getNotAfter().toInstant()
                    + ", which is not now", e);
        }
        if (pins != null && !pins.matches(chain[0])) {
            throw new CertificateException("POP3 server " + server + " presented a certificate that matches none of the "
                    + pins.size() + " pins of the pin option: " + CertificatePins.fingerprints(chain[0]));
        }
    }
}
