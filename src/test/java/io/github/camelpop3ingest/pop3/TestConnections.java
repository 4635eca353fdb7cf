package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import io.github.camelpop3ingest.testing.DovecotServer;
import io.github.camelpop3ingest.testing.RecordingPop3Server;

/**
 * Connection settings for the test servers: {@code localhost}, which their certificates name, trusted through their
 * PEM certificate, with timeouts short enough that a hang fails the test quickly.
 */
final class TestConnections {

    static final int TIMEOUT_MILLIS = 5000;

    private TestConnections() {
    }

    static Pop3ConnectionSettings pop3s(DovecotServer dovecot) {
        return settings(dovecot.port(), Pop3Security.POP3S, dovecot.certificate());
    }

    static Pop3ConnectionSettings stls(DovecotServer dovecot) {
        return settings(dovecot.stlsPort(), Pop3Security.STLS, dovecot.certificate());
    }

    static Pop3ConnectionSettings pop3s(RecordingPop3Server greenMail) {
        return settings(greenMail.port(), Pop3Security.POP3S, RecordingPop3Server.certificate());
    }

    static Pop3ConnectionSettings settings(int port, Pop3Security security, Path trusted) {
        String server = "localhost:" + port;
        return new Pop3ConnectionSettings("localhost", port, security,
                TlsSocketFactories.socketFactory(trusted, null, server, "test truststore"), TIMEOUT_MILLIS,
                TIMEOUT_MILLIS);
    }

    static Pop3Credentials alice(Pop3AuthMechanism mechanism) {
        return new Pop3Credentials(DovecotServer.USER, mechanism, DovecotServer.PASSWORD);
    }
}
