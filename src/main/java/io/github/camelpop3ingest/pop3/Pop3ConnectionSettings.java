package io.github.camelpop3ingest.pop3;

import java.util.Objects;

import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how {@link Pop3Connection} connects: server, TLS mode, the socket factory that decides which certificates
 * are trusted (see {@link TlsSocketFactories}), and the timeouts.
 *
 * @param host                 the server's host name, also checked against its certificate
 * @param port                 the TCP port, e.g. {@link Pop3Security#defaultPort()}
 * @param security             implicit TLS, STLS, or none
 * @param socketFactory        makes the TLS socket; required unless {@code security} is {@link Pop3Security#PLAIN}
 * @param connectTimeoutMillis how long the TCP connect may take; 0 waits forever
 * @param readTimeoutMillis    how long the server may stay silent while a reply is awaited; 0 waits forever
 */
public record Pop3ConnectionSettings(String host, int port, Pop3Security security, SSLSocketFactory socketFactory,
        int connectTimeoutMillis, int readTimeoutMillis) {

    public Pop3ConnectionSettings {
        Objects.requireNonNull(security, "security");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("A POP3 connection needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("POP3 port " + port + " of " + host + " is not a TCP port");
        }
        if (security != Pop3Security.PLAIN && socketFactory == null) {
            throw new IllegalArgumentException("POP3 connection to " + host + ":" + port + " with security=" + security
                    + " needs a TLS socket factory (TlsSocketFactories.socketFactory)");
        }
        if (connectTimeoutMillis < 0 || readTimeoutMillis < 0) {
            throw new IllegalArgumentException("POP3 timeouts of " + host + ":" + port + " are milliseconds, 0 or more "
                    + "(connect " + connectTimeoutMillis + ", read " + readTimeoutMillis + ")");
        }
    }

    /** {@code host:port}, as messages name the server. */
    public String server() {
        return host + ":" + port;
    }
}
