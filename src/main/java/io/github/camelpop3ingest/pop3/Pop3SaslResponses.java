package io.github.camelpop3ingest.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The base64 client responses of the SASL mechanisms {@link Pop3Connection} logs in with.
 */
final class Pop3SaslResponses {

    /** RFC 7628 §3.2.3: after an error challenge the client sends a lone %x01, which the server answers with -ERR. */
    static final String OAUTHBEARER_ERROR_ACK = base64("\u0001");

    private Pop3SaslResponses() {
    }

    /** RFC 4616: no authorization identity, then user and password, each after a NUL. */
    static String plain(Pop3Credentials credentials) {
        return base64("\0" + credentials.username() + "\0" + credentials.secret());
    }

    /** Google's and Microsoft's XOAUTH2: {@code user=<user>^Aauth=Bearer <token>^A^A}. */
    static String xoauth2(Pop3Credentials credentials) {
        return base64("user=" + credentials.username() + "\u0001auth=Bearer " + credentials.secret() + "\u0001\u0001");
    }

    /** RFC 7628: a GS2 header naming the user as authorization identity, then the bearer token. */
    static String oauthBearer(Pop3Credentials credentials) {
        return base64("n,a=" + saslName(credentials.username()) + ",\u0001auth=Bearer " + credentials.secret()
                + "\u0001\u0001");
    }

    /** RFC 5801 §4: '=' and ',' cannot appear as themselves in a GS2 header's authzid. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
