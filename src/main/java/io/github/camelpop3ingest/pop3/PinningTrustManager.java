package io.github.camelpop3ingest.pop3;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only when the wrapped trust manager accepts its chain and its leaf certificate matches one of the
 * {@link CertificatePins}; pinning adds to chain and host-name verification, it never replaces them.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final CertificatePins pins;
    private final String server;

    /**
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
            throw new CertificateException("POP3 server " + server + " presented no certificate to check against the pin option");
        }
        if (!pins.matches(chain[0])) {
            throw new CertificateException("POP3 server " + server + " presented a certificate that matches none of the "
                    + pins.size() + " pins of the pin option: " + CertificatePins.fingerprints(chain[0]));
        }
    }
}
