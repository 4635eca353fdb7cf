package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointValidationTest {

    @TempDir
    Path tmp;

    private void start(String uri) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).to("log:x");
                }
            });
            context.start();
        }
    }

    @Test
    void plaintextIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u&security=PLAIN&stateDir=" + tmp))
                .hasStackTraceContaining("refuses security=plain")
                .hasStackTraceContaining("allowPlaintext=true");
    }

    @Test
    void unknownDeletePolicyNamesTheOption() {
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u&delete=sometimes&stateDir=" + tmp))
                .hasStackTraceContaining("Invalid delete option of pop3-ingest:mail.example.com 'sometimes'");
    }

    @Test
    void missingTruststoreNamesTheFile() {
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u&truststore=/nonexistent/ca.pem&stateDir="
                + tmp)).hasStackTraceContaining("Truststore /nonexistent/ca.pem");
    }

    @Test
    void missingRepositoryAndStateDirIsAnError() {
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u"))
                .hasStackTraceContaining("needs idempotentRepository or stateDir");
    }

    @Test
    void aSizeLimitThatCouldLetADeletePolicyRemoveAnUnreadMessageIsRefused() {
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u&maxMessageSize=-1&stateDir=" + tmp))
                .hasStackTraceContaining("maxMessageSize -1 must be 0 (no limit) or a number of octets");
        assertThatThrownBy(() -> start("pop3-ingest:mail.example.com?username=u&maxMessageSize=1000"
                + "&delete=after-processing&stateDir=" + tmp))
                .hasStackTraceContaining("maxMessageSize with delete=after-processing needs a holdRepository");
    }
}
