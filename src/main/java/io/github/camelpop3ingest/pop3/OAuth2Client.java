package io.github.camelpop3ingest.pop3;

import java.net.URI;

/**
 * Where and as whom {@link OAuth2TokenProvider} asks for access tokens; {@link #toString()} never shows a secret.
 *
 * @param tokenEndpoint the authorization server's token endpoint
 * @param clientId      the registered client
 * @param clientSecret  the client's secret, or null for a public client
 * @param refreshToken  a refresh token (refresh_token grant), or null for the client_credentials grant
 * @param scope         the scope to ask for, or null for the client's default
 */
public record OAuth2Client(URI tokenEndpoint, String clientId, String clientSecret, String refreshToken, String scope) {

    /** The grant this client uses: a refresh token when one is configured, else the client's own credentials. */
    public String grantType() {
        return refreshToken != null && !refreshToken.isEmpty() ? "refresh_token" : "client_credentials";
    }

    @Override
    public String toString() {
        return "OAuth2Client[" + tokenEndpoint + ", client " + clientId + ", " + grantType() + "]";
    }
}
