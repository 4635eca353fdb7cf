package io.github.camelpop3ingest.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Credentials never show their secret and cannot smuggle a second command into a line; the SASL responses are
 * encoded as the mechanisms' specifications say.
 */
class Pop3ConnectionCredentialsTest {

    private static final String SECRET = "s3cret-never-shown";

    @Test
    void toStringShowsUserAndMechanismButNotTheSecret() {
        assertThat(new Pop3Credentials("alice", Pop3AuthMechanism.XOAUTH2, SECRET, true))
                .hasToString("Pop3Credentials[alice, XOAUTH2, microsoft365]");
    }

    @Test
    void lineBreaksThatWouldStartAnotherCommandAreRefused() {
        assertThatThrownBy(() -> new Pop3Credentials("alice\r\nDELE 1", Pop3AuthMechanism.USER, SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("POP3 user name 'alice??DELE 1' contains a "
                        + "line break or NUL");
        assertThatThrownBy(() -> new Pop3Credentials("alice", Pop3AuthMechanism.USER, SECRET + "\nDELE 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> new Pop3Credentials("alice", Pop3AuthMechanism.PLAIN, SECRET, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs mechanism XOAUTH2");
    }

    @Test
    void saslResponsesFollowTheirSpecifications() {
        assertThat(decode(Pop3SaslResponses.plain(new Pop3Credentials("alice", Pop3AuthMechanism.PLAIN, "pw"))))
                .isEqualTo("\0alice\0pw");
        assertThat(decode(Pop3SaslResponses.xoauth2(new Pop3Credentials("a@b.example", Pop3AuthMechanism.XOAUTH2, "t"))))
                .isEqualTo("user=a@b.example\u0001auth=Bearer t\u0001\u0001");
        // RFC 7628 with RFC 5801's escapes: '=' becomes =3D and ',' becomes =2C in the authorization identity.
        assertThat(decode(Pop3SaslResponses.oauthBearer(
                new Pop3Credentials("x=y,z@b.example", Pop3AuthMechanism.OAUTHBEARER, "t"))))
                .isEqualTo("n,a=x=3Dy=2Cz@b.example,\u0001auth=Bearer t\u0001\u0001");
        assertThat(decode(Pop3SaslResponses.OAUTHBEARER_ERROR_ACK)).isEqualTo("\u0001");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
