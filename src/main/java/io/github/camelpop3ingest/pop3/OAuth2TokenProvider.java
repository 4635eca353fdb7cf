package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.repository.RefreshTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches access tokens from an OAuth 2.0 token endpoint (client_credentials or refresh_token grant), caches one
 * until shortly before it expires, and fetches a new one once when a server rejects it.
 */
public class OAuth2TokenProvider {

    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2TokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDACTED = "***";

    private final OAuth2Client client;
    private final HttpClient http;
    private final Duration readTimeout;
    private final Clock clock;
    private final Duration refreshMargin;
    private RefreshTokenStore store;
    /** The rotated token last read from or written to the store; a different one there was rotated elsewhere. */
    private String storedToken;
    private String refreshToken;
    private String accessToken;
    private Instant refreshAt;
    private int fetches;

    public OAuth2TokenProvider(OAuth2Client client, Duration connectTimeout, Duration readTimeout, Clock clock,
            Duration refreshMargin) {
        this.client = client;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.refreshToken = client.refreshToken();
    }

    /**
     * Keeps rotated refresh tokens in {@code store} and starts from the one stored for the configured token, if any;
     * before each token request it looks again, so that a token another instance rotated to and stored (in cluster
     * mode, after a failover) is the one sent.
     */
    public synchronized OAuth2TokenProvider withStore(RefreshTokenStore store) {
        this.store = store;
        adoptStoredToken();
        return this;
    }

    private void adoptStoredToken() {
        if (store == null || client.refreshToken() == null || client.refreshToken().isEmpty()) {
            return;
        }
        // A token equal to the one this provider last saw there is older than or the same as its own.
        store.rotatedFrom(client.refreshToken()).filter(rotated -> !rotated.equals(storedToken)).ifPresent(rotated -> {
            if (!rotated.equals(refreshToken)) {
                LOG.info("Using the refresh token that {} rotated to, stored in {}", client.tokenEndpoint(), store);
                refreshToken = rotated;
            }
            storedToken = rotated;
        });
    }

    /** The cached access token, or a new one when there is none or it expires within the refresh margin. */
    public synchronized String accessToken() {
        if (accessToken == null || (refreshAt != null && !clock.instant().isBefore(refreshAt))) {
            fetch();
        }
        return accessToken;
    }

    /**
     * Runs {@code login} with the current token; when the server rejects it, fetches a new token and runs the login
     * once more, so that a token revoked or expired early costs no failed poll. A second rejection is thrown.
     */
    public <T> T withAccessToken(OAuth2Login<T> login) throws IOException {
        String token = accessToken();
        try {
            return login.login(token);
        } catch (Pop3AuthenticationException e) {
            LOG.info("The server rejected the access token from {} ({}); fetching a new one and trying once more",
                    client.tokenEndpoint(), Pop3FailureText.oneLine(e.getMessage()));
            return login.login(renewAfterRejection(token));
        }
    }

    /** Token requests sent so far; tests and monitoring read it. */
    public synchronized int fetches() {
        return fetches;
    }

    private synchronized String renewAfterRejection(String rejected) {
        // Another login may have renewed it meanwhile; one new token per rejection is enough.
        if (rejected.equals(accessToken)) {
            fetch();
        }
        return accessToken;
    }

    private void fetch() {
        adoptStoredToken();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", refreshToken != null && !refreshToken.isEmpty() ? "refresh_token" : "client_credentials");
        form.put("client_id", client.clientId());
        if (client.clientSecret() != null && !client.clientSecret().isEmpty()) {
            form.put("client_secret", client.clientSecret());
        }
        if (refreshToken != null && !refreshToken.isEmpty()) {
            form.put("refresh_token", refreshToken);
        }
        if (client.scope() != null && !client.scope().isEmpty()) {
            form.put("scope", client.scope());
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(client.tokenEndpoint())
                .timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        Instant sentAt = clock.instant();
        fetches++;
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("did not answer before the poll was interrupted", null);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String error = answer == null ? "" : answer.path("error").asText("");
            String description = answer == null ? "" : answer.path("error_description").asText("");
            throw failure("answered HTTP " + response.statusCode() + (error.isEmpty() ? "" : " " + error)
                    + (description.isEmpty() ? "" : " (" + description + ")"), null);
        }
        String token = answer == null ? "" : answer.path("access_token").asText("");
        if (token.isEmpty()) {
            throw failure("answered HTTP " + response.statusCode() + " without an access_token", null);
        }
        accessToken = token;
        long expiresIn = answer.path("expires_in").asLong(0);
        // Without expires_in the token is kept until a server rejects it; a short-lived one is renewed halfway.
        refreshAt = expiresIn > 0 ? sentAt.plusSeconds(expiresIn)
                .minus(min(refreshMargin, Duration.ofSeconds(expiresIn).dividedBy(2))) : null;
        String rotated = answer.path("refresh_token").asText("");
        if (!rotated.isEmpty() && !rotated.equals(refreshToken)) {
            refreshToken = rotated;
            if (store != null && client.refreshToken() != null && store.store(client.refreshToken(), rotated)) {
                storedToken = rotated;
            }
        }
        LOG.debug("Fetched an access token from {} with {}, valid for {} s", client.tokenEndpoint(), form.get("grant_type"),
                expiresIn > 0 ? expiresIn : "unknown");
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            LOG.debug("Ignoring a token endpoint answer that is not JSON: the status code still tells what happened");
            return null;
        }
    }

    private OAuth2TokenException failure(String what, Throwable cause) {
        return new OAuth2TokenException(redact("OAuth2 token endpoint " + client.tokenEndpoint() + " " + what
                + " (client " + client.clientId() + ", " + client.grantType() + " grant)"), cause);
    }

    /** An error description could echo what it was sent; no message leaves here with a secret in it. */
    private String redact(String message) {
        String out = message;
        for (String secret : new String[] {client.clientSecret(), client.refreshToken(), refreshToken, accessToken}) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, REDACTED);
            }
        }
        return out;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
