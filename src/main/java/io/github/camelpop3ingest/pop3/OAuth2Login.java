package io.github.camelpop3ingest.pop3;

import java.io.IOException;

/**
 * One login attempt with an access token, which {@link OAuth2TokenProvider#withAccessToken} repeats once with a new
 * token when the server rejects the first.
 *
 * @param <T> what the login yields, e.g. the connected store
 */
@FunctionalInterface
public interface OAuth2Login<T> {

    T login(String accessToken) throws IOException;
}
