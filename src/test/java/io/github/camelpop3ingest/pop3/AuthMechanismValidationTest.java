package io.github.camelpop3ingest.pop3;

import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad combinations of authMechanism and the oauth2 options fail when the route starts and name the option.
 */
class AuthMechanismValidationTest {

    @TempDir
    Path tmp;

    private void start(String query) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pop3-ingest:mail.example.com?username=u&stateDir=" + tmp + "&" + query).to("log:x");
                }
            });
            context.start();
        }
    }

    @Test
    void xoauth2WithoutTokenEndpointNamesTheOption() {
        assertThatThrownBy(() -> start("authMechanism=xoauth2&oauth2ClientId=c&oauth2ClientSecret=s"))
                .hasStackTraceContaining("authMechanism=xoauth2 needs oauth2TokenEndpoint");
    }

    @Test
    void oauthbearerWithoutTokenEndpointNamesTheOption() {
        assertThatThrownBy(() -> start("authMechanism=oauthbearer&oauth2ClientId=c&oauth2ClientSecret=s"))
                .hasStackTraceContaining("authMechanism=oauthbearer needs oauth2TokenEndpoint");
    }

    @Test
    void xoauth2WithoutSecretOrRefreshTokenNamesBoth() {
        assertThatThrownBy(() -> start("authMechanism=xoauth2&oauth2TokenEndpoint=https://login.example.com/token"
                + "&oauth2ClientId=c"))
                .hasStackTraceContaining("needs oauth2ClientSecret")
                .hasStackTraceContaining("oauth2RefreshToken");
    }

    @Test
    void microsoft365NeedsXoauth2() {
        assertThatThrownBy(() -> start("password=p&microsoft365=true"))
                .hasStackTraceContaining("microsoft365=true needs authMechanism=xoauth2");
    }

    @Test
    void unknownMechanismNamesTheOption() {
        assertThatThrownBy(() -> start("password=p&authMechanism=cram-md5"))
                .hasStackTraceContaining("authMechanism 'cram-md5' is not one of user, plain, xoauth2, oauthbearer");
    }
}
