package io.github.camelpop3ingest.pop3;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enum-typed options take the values users wrote when they were strings, and a wrong one fails when the endpoint
 * is created, naming the option and the values it takes.
 */
class EnumOptionValuesTest {

    private static final String URI = "pop3-ingest:mail.example.com?username=u&stateDir=/tmp/x&";

    @Test
    void theValuesUsersWriteAreTaken() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Pop3IngestConfiguration c = context.getEndpoint(URI + "uidlFallback=message-id&authMechanism=oauthbearer"
                    + "&oauth2TokenEndpoint=https://login.example.com/token&oauth2ClientId=c&oauth2ClientSecret=s"
                    + "&security=stls", Pop3IngestEndpoint.class).getConfiguration();
            assertThat(c.getUidlFallback()).isEqualTo(Pop3UidlFallback.MESSAGE_ID);
            assertThat(c.getAuthMechanism()).isEqualTo(Pop3AuthMechanism.OAUTHBEARER);
            assertThat(c.getSecurity()).isEqualTo(Pop3Security.STLS);
            Pop3IngestConfiguration defaults = context.getEndpoint(URI + "delay=1000", Pop3IngestEndpoint.class)
                    .getConfiguration();
            assertThat(defaults.getUidlFallback()).isEqualTo(Pop3UidlFallback.NONE);
            assertThat(defaults.getAuthMechanism()).isEqualTo(Pop3AuthMechanism.USER);
        }
    }

    @Test
    void aWrongValueNamesTheOptionAndItsValues() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> context.getEndpoint(URI + "uidlFallback=uid"))
                    .hasStackTraceContaining("pop3-ingest:mail.example.com uidlFallback 'uid' is not one of none, message-id");
            assertThatThrownBy(() -> context.getEndpoint(URI + "authMechanism=cram-md5"))
                    .hasStackTraceContaining("authMechanism 'cram-md5' is not one of user, plain, xoauth2, oauthbearer");
        }
    }
}
