package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property of the mail-pop3s-source Kamelet lands on the endpoint option it stands for, values with URI
 * characters ('+', '/', '=', '?', spaces) intact, and the defaults are the endpoint's own.
 */
class KameletSourceOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void propertiesBecomeEndpointOptions() throws Exception {
        Pop3IngestEndpoint endpoint = endpointFor("""
                        connectionHost: pop.example.com
                        security: stls
                        username: "invoices+acme@example.com"
                        authMechanism: xoauth2
                        oauth2TokenEndpoint: "https://login.example.com/tenant/token?api-version=2"
                        oauth2ClientId: "0f1e+client"
                        oauth2ClientSecret: "RAW(Se+cr/et=&x)"
                        oauth2Scope: "https://outlook.office365.com/.default offline_access"
                        microsoft365: true
                        pin: "spki-sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
                        stateDir: "%s"
                        delete: "after-days:30"
                        fetchSize: 25
                        delay: 120000
                """);

        assertThat(endpoint.getConfiguration().getHost()).isEqualTo("pop.example.com");
        assertThat(endpoint.getConfiguration().getSecurity()).isEqualTo(Pop3Security.STLS);
        assertThat(endpoint.getConfiguration().getPort()).as("unset: the endpoint picks 110 for stls").isZero();
        assertThat(endpoint.getAccount().port()).isEqualTo(110);
        assertThat(endpoint.getConfiguration().getUsername()).isEqualTo("invoices+acme@example.com");
        assertThat(endpoint.getConfiguration().getPassword()).isNullOrEmpty();
        assertThat(endpoint.getConfiguration().getAuthMechanism().value()).isEqualTo("xoauth2");
        assertThat(endpoint.getConfiguration().getOauth2TokenEndpoint()).isEqualTo("https://login.example.com/tenant/token?api-version=2");
        assertThat(endpoint.getConfiguration().getOauth2ClientId()).isEqualTo("0f1e+client");
        assertThat(endpoint.getConfiguration().getOauth2ClientSecret()).isEqualTo("Se+cr/et=&x");
        assertThat(endpoint.getConfiguration().getOauth2RefreshToken()).isNullOrEmpty();
        assertThat(endpoint.getConfiguration().getOauth2Scope()).isEqualTo("https://outlook.office365.com/.default offline_access");
        assertThat(endpoint.getConfiguration().isMicrosoft365()).isTrue();
        assertThat(endpoint.getConfiguration().getPin()).isEqualTo("spki-sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assertThat(endpoint.getConfiguration().getTruststore()).isNullOrEmpty();
        assertThat(endpoint.getConfiguration().getStateDir()).isEqualTo(tmp.resolve("state").toString());
        assertThat(endpoint.getConfiguration().getDelete()).isEqualTo("after-days:30");
        assertThat(endpoint.getConfiguration().getMaxMessagesPerPoll()).isEqualTo(25);
        assertThat(endpoint.getDelay()).isEqualTo(120_000);
    }

    @Test
    void defaultsArePop3sOn995WithAPasswordAndNoLimit() throws Exception {
        Pop3IngestEndpoint endpoint = endpointFor("""
                        connectionHost: pop.example.com
                        username: alice
                        password: "RAW(pa+ss word)"
                        stateDir: "%s"
                """);

        assertThat(endpoint.getConfiguration().getSecurity()).isEqualTo(Pop3Security.POP3S);
        assertThat(endpoint.getAccount().port()).isEqualTo(995);
        assertThat(endpoint.getConfiguration().getPassword()).isEqualTo("pa+ss word");
        assertThat(endpoint.getConfiguration().getAuthMechanism().value()).isEqualTo("user");
        assertThat(endpoint.getConfiguration().isMicrosoft365()).isFalse();
        assertThat(endpoint.getConfiguration().getDelete()).isEqualTo("keep");
        assertThat(endpoint.getConfiguration().getMaxMessagesPerPoll()).as("-1: no limit").isEqualTo(-1);
        assertThat(endpoint.getDelay()).isEqualTo(60_000);
    }

    /** Builds the Kamelet's route and returns its endpoint; stopped before its first poll. */
    private Pop3IngestEndpoint endpointFor(String parameters) throws Exception {
        String yaml = """
                - route:
                    id: user-route
                    from:
                      uri: kamelet:mail-pop3s-source
                      parameters:
                %s
                      steps:
                        - to: log:received
                """.formatted(parameters.formatted(tmp.resolve("state")).stripTrailing());
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("user.camel.yaml", yaml));
            context.start();
            return context.getEndpoints().stream().filter(Pop3IngestEndpoint.class::isInstance)
                    .map(Pop3IngestEndpoint.class::cast).findFirst().orElseThrow();
        }
    }
}
