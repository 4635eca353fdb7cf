package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URI options reach the endpoint through the configurer that camel-package-maven-plugin generated, not through
 * reflection, and Camel builds pop3-ingest URIs with the generated URI factory.
 */
class GeneratedConfigurerBindsOptionsTest {

    @TempDir
    Path stateDir;

    @Test
    void optionsAreBoundByTheGeneratedConfigurer() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            Pop3IngestComponent component = context.getComponent(Pop3IngestComponent.SCHEME, Pop3IngestComponent.class);
            assertThat(component.getEndpointPropertyConfigurer()).isInstanceOf(Pop3IngestEndpointConfigurer.class);

            String uri = "pop3-ingest:mail.example.com?username=u&stateDir=" + stateDir
                    + "&security=stls&maxFailures=5&delay=1000&uidlFallback=message-id";
            Pop3IngestEndpoint endpoint = context.getEndpoint(uri, Pop3IngestEndpoint.class);
            assertThat(endpoint.getConfiguration().getHost()).isEqualTo("mail.example.com");
            assertThat(endpoint.getConfiguration().getSecurity()).isEqualTo(Pop3Security.STLS);
            assertThat(endpoint.getConfiguration().getMaxFailures()).isEqualTo(5);
            assertThat(endpoint.getDelay()).isEqualTo(1000);
            assertThat(endpoint.getConfiguration().getUidlFallback().value()).isEqualTo("message-id");
            String noDelay = "pop3-ingest:other.example.com?username=u&stateDir=" + stateDir.resolve("other");
            assertThat(context.getEndpoint(noDelay, Pop3IngestEndpoint.class).getDelay())
                    .isEqualTo(Pop3IngestEndpoint.DEFAULT_DELAY_MILLIS);
        }
    }

    @Test
    void camelBuildsUrisWithTheGeneratedFactory() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            var factory = context.getCamelContextExtension().getEndpointUriFactory(Pop3IngestComponent.SCHEME);
            assertThat(factory).isInstanceOf(Pop3IngestEndpointUriFactory.class);
            assertThat(factory.secretPropertyNames()).contains("password", "oauth2ClientSecret", "oauth2RefreshToken");
            assertThat(factory.buildUri(Pop3IngestComponent.SCHEME, Map.of("host", "mail.example.com", "username", "u"),
                    false)).isEqualTo("pop3-ingest:mail.example.com?username=u");
        }
    }
}
