package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HttpServer on loopback that plays an OAuth 2.0 authorization server: a token endpoint that issues
 * {@code token-1}, {@code token-2}, … (or a scripted error), and an RFC 7662 introspection endpoint that calls a
 * token active unless the test revoked it; every request is recorded.
 */
public final class OAuth2TestServer implements AutoCloseable {

    /** One form POST to the token endpoint, fields decoded. */
    public record TokenRequest(Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> introspected = new CopyOnWriteArrayList<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Deque<String[]> scriptedErrors = new ArrayDeque<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long expiresIn = 3600;
    private volatile String rotatedRefreshToken;
    private volatile String username = "alice";

    public OAuth2TestServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/introspect", this::introspect);
        server.start();
    }

    public URI tokenEndpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public URI introspectionEndpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
    }

    /** The lifetime in seconds that the next tokens announce as expires_in. */
    public void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /** Makes the next token answers carry this new refresh token, as rotating servers do. */
    public void rotateRefreshTokenTo(String refreshToken) {
        rotatedRefreshToken = refreshToken;
    }

    /** The next token request gets this status and JSON body instead of a token. */
    public synchronized void failNext(int status, String json) {
        scriptedErrors.add(new String[] {String.valueOf(status), json});
    }

    /** Introspection calls this token inactive from now on, as after a revocation or an early expiry. */
    public void revoke(String token) {
        revoked.add(token);
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Tokens the introspection endpoint was asked about, in order. */
    public List<String> introspected() {
        return List.copyOf(introspected);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.add(new TokenRequest(form(exchange)));
        String[] error;
        synchronized (this) {
            error = scriptedErrors.poll();
        }
        if (error != null) {
            answer(exchange, Integer.parseInt(error[0]), error[1]);
            return;
        }
        String token = "token-" + issued.incrementAndGet();
        String refresh = rotatedRefreshToken == null ? "" : ",\"refresh_token\":\"" + rotatedRefreshToken + "\"";
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + refresh + "}");
    }

    private void introspect(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        String token = form.getOrDefault("token", "");
        if (token.isEmpty()) {
            // Dovecot may send the token as a bearer header instead of a form field, depending on the mode.
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        }
        introspected.add(token);
        boolean active = token.startsWith("token-") && !revoked.contains(token);
        answer(exchange, 200, active ? "{\"active\":true,\"username\":\"" + username + "\"}" : "{\"active\":false}");
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            body = body.isEmpty() ? query : body + "&" + query;
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                form.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
