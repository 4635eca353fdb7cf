package io.github.camelpop3ingest.pop3;

import java.util.Objects;

/**
 * Who logs in and how: the user, the mechanism, and the password or OAuth 2.0 access token; {@link #toString()} never
 * shows the secret.
 *
 * @param username     the maildrop's user name
 * @param mechanism    USER/PASS or the SASL mechanism
 * @param secret       the password, or the access token for XOAUTH2 and OAUTHBEARER
 * @param microsoft365 sends XOAUTH2 as {@code AUTH XOAUTH2} and the response on a second line, as Microsoft 365 wants
 */
public record Pop3Credentials(String username, Pop3AuthMechanism mechanism, String secret, boolean microsoft365) {

    public Pop3Credentials {
        Objects.requireNonNull(mechanism, "mechanism");
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("POP3 login needs a user name");
        }
        if (secret == null) {
            throw new IllegalArgumentException("POP3 login of " + username + " needs a password or access token");
        }
        // A line break would end the command early and let the rest be read as another command.
        if (hasLineBreakOrNul(username)) {
            throw new IllegalArgumentException("POP3 user name '" + Pop3ProtocolException.shown(username)
                    + "' contains a line break or NUL");
        }
        if (hasLineBreakOrNul(secret)) {
            throw new IllegalArgumentException("The password or token of POP3 user " + username
                    + " contains a line break or NUL");
        }
        if (microsoft365 && mechanism != Pop3AuthMechanism.XOAUTH2) {
            throw new IllegalArgumentException("microsoft365 login of " + username + " needs mechanism XOAUTH2, not "
                    + mechanism);
        }
    }

    /** Password or token logins without Microsoft 365's two-line XOAUTH2. */
    public Pop3Credentials(String username, Pop3AuthMechanism mechanism, String secret) {
        this(username, mechanism, secret, false);
    }

    private static boolean hasLineBreakOrNul(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
    }

    @Override
    public String toString() {
        return "Pop3Credentials[" + username + ", " + mechanism + (microsoft365 ? ", microsoft365" : "") + "]";
    }
}
