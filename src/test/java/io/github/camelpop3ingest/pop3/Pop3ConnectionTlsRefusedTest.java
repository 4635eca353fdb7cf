package io.github.camelpop3ingest.pop3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.github.camelpop3ingest.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handshake refuses a Dovecot whose certificate is trusted but names another host, and one whose self-signed
 * certificate nobody trusts; no POP3 command is sent to either.
 */
class Pop3ConnectionTlsRefusedTest {

    @RegisterExtension
    final DovecotServer dovecot = new DovecotServer();

    @Test
    void trustedCertificateForAnotherHostIsRefused() throws Exception {
        Path other = dovecot.workDir().resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-validity", "2", "-dname", "CN=other.example",
                "-ext", "SAN=dns:other.example", "-storetype", "PKCS12", "-keystore", other.toString(),
                "-storepass", "changeit");
        dovecot.stop();
        dovecot.useKeyStore(other, "changeit");
        dovecot.start();
        Pop3ConnectionSettings settings = new Pop3ConnectionSettings("127.0.0.1", dovecot.port(), Pop3Security.POP3S,
                TlsSocketFactories.socketFactory(dovecot.certificate(), null, "127.0.0.1", "test truststore"), 5000,
                5000);

        assertThatThrownBy(() -> Pop3Connection.open(settings))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith("TLS handshake with POP3 server 127.0.0.1:" + dovecot.port() + " failed")
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1 found");
        assertNoLogin();
    }

    @Test
    void selfSignedCertificateIsRefusedWithTheJvmsCas() {
        Pop3ConnectionSettings settings = new Pop3ConnectionSettings("localhost", dovecot.port(), Pop3Security.POP3S,
                TlsSocketFactories.socketFactory(null, null, "localhost", "test truststore"), 5000, 5000);

        assertThatThrownBy(() -> Pop3Connection.open(settings))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith("TLS handshake with POP3 server localhost:" + dovecot.port() + " failed")
                .hasStackTraceContaining("unable to find valid certification path");
        assertNoLogin();
    }

    @Test
    void selfSignedCertificateIsRefusedAfterStlsToo() {
        Pop3ConnectionSettings settings = new Pop3ConnectionSettings("localhost", dovecot.stlsPort(), Pop3Security.STLS,
                TlsSocketFactories.socketFactory(null, null, "localhost", "test truststore"), 5000, 5000);

        assertThatThrownBy(() -> Pop3Connection.open(settings))
                .isInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("unable to find valid certification path");
        assertNoLogin();
    }

    private void assertNoLogin() {
        assertThat(dovecot.sessions()).isEmpty();
        assertThat(read(dovecot.log())).doesNotContain("Login: user=<alice>");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool said: %s", output).isZero();
    }
}
