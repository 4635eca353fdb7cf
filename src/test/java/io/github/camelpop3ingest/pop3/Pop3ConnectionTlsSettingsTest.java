package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS socket offers TLS 1.3 and 1.2 only and checks the host name before the handshake, whatever the factory and
 * the JVM would allow; STLS to a server that does not offer it is refused before anything is sent in clear.
 */
class Pop3ConnectionTlsSettingsTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @Test
    void socketOffersTls13And12OnlyWithHostNameVerification() throws Exception {
        SocketRecordingFactory factory = new SocketRecordingFactory(TlsSocketFactories.socketFactory(
                RecordingPop3Server.certificate(), null, "localhost", "test truststore"));
        Pop3ConnectionSettings settings = new Pop3ConnectionSettings("localhost", server.port(), Pop3Security.POP3S,
                factory, 5000, 5000);
        try (Pop3Connection pop3 = Pop3Connection.open(settings)) {
            assertThat(pop3.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
            pop3.quit();
        }
        assertThat(factory.sockets).singleElement().satisfies(socket -> {
            assertThat(socket.getSSLParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        });
    }

    @Test
    void stlsToAServerWithoutItIsRefusedBeforeAnyLogin() {
        Pop3ConnectionSettings settings = TestConnections.settings(server.plainPort(), Pop3Security.STLS,
                RecordingPop3Server.certificate());
        assertThatThrownBy(() -> Pop3Connection.open(settings))
                .isInstanceOf(Pop3ServerException.class)
                .hasMessageStartingWith("POP3 server localhost:" + server.plainPort() + " does not offer STLS");
    }

    /** Hands out the delegate's sockets and keeps them, so the test can look at their settings. */
    private static final class SocketRecordingFactory extends SSLSocketFactory {
        final List<SSLSocket> sockets = new CopyOnWriteArrayList<>();
        private final SSLSocketFactory delegate;

        SocketRecordingFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket recorded(Socket socket) {
            sockets.add((SSLSocket) socket);
            return socket;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return recorded(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return recorded(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return recorded(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return recorded(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return recorded(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
