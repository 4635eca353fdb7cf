package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.camelpop3ingest.pop3.CertificatePins;
import io.github.camelpop3ingest.pop3.DeletePolicy;
import io.github.camelpop3ingest.pop3.PemTrustStore;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3AuthMechanism;
import io.github.camelpop3ingest.pop3.Pop3IngestConfiguration;
import io.github.camelpop3ingest.pop3.Pop3Security;
import io.github.camelpop3ingest.pop3.Pop3UidlFallback;

/**
 * The mailboxes of one instance, read from a file of {@code <mailbox>.<key> = <value>} lines ({@code #} starts a
 * comment), e.g.
 *
 * <pre>
 * invoices.host = pop.example.com
 * invoices.username = invoices@example.com
 * invoices.secret = env:INVOICES_POP3_PASSWORD
 * invoices.delete = after-days:30
 * </pre>
 *
 * Keys: {@code host} and {@code username} (required), {@code secret} (required: {@code env:VARIABLE} or
 * {@code file:/path}, never the password itself), {@code port} (default by security), {@code security} (pop3s, stls,
 * plain), {@code allow-plaintext} (true lets security be plain), {@code auth} (user, plain), {@code truststore},
 * {@code pin}, {@code uidl-fallback} (none, message-id), {@code delete} and {@code route} (where messages go after the
 * archive, default {@code direct:deliver}); they mean what the single mailbox's ingest.pop3.* settings mean. With
 * {@code auth} xoauth2 or oauthbearer, {@code token-endpoint}, {@code client-id}, {@code client-secret} and/or
 * {@code refresh-token} (references like {@code secret}), {@code scope} and {@code microsoft365} replace the secret.
 * Lines of the entry {@code *} apply to every mailbox that does not set the key itself, e.g. the token endpoint of a
 * tenant. Every mistake fails the whole list with a message naming the entry and the key.
 */
public final class MailboxList {

    /** Where a mailbox's messages go after the archive unless its {@code route} says otherwise. */
    public static final String DEFAULT_ROUTE = "direct:deliver";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    /** The name of the entry whose keys every mailbox takes unless it sets them itself. */
    public static final String DEFAULTS = "*";

    private static final Set<String> KEYS = Set.of("host", "port", "username", "secret", "security",
            "allow-plaintext", "auth", "token-endpoint", "client-id", "client-secret", "refresh-token", "scope",
            "microsoft365", "truststore", "pin", "uidl-fallback", "delete", "route");
    private static final List<String> OAUTH2_KEYS = List.of("token-endpoint", "client-id", "client-secret",
            "refresh-token", "scope", "microsoft365");
    /** What tells maildrops apart cannot be shared. */
    private static final Set<String> OWN_KEYS = Set.of("host", "username");

    /** How a mailbox with {@code auth = xoauth2} or {@code oauthbearer} gets its access tokens; secrets resolved. */
    public record OAuth2(String tokenEndpoint, String clientId, String clientSecret, String refreshToken, String scope,
            boolean microsoft365) {

        @Override
        public String toString() {
            return "OAuth2 client " + clientId + " at " + tokenEndpoint;
        }
    }

    /** One mailbox, its secrets resolved; {@code secret} is null and {@code oauth2} set for token logins. */
    public record Mailbox(String id, String host, int port, String username, String secret, Pop3Security security,
            boolean allowPlaintext, Pop3AuthMechanism auth, OAuth2 oauth2, String truststore, String pin,
            String uidlFallback, String delete, String route) {

        public Pop3Account account() {
            return new Pop3Account(host, port, username);
        }

        @Override
        public String toString() {
            return "mailbox " + id + " (" + account() + ")";
        }
    }

    private MailboxList() {
    }

    /**
     * Reads and checks the list.
     *
     * @param env how {@code env:} secrets are looked up, {@link System#getenv(String)} outside tests
     * @param defaultDelete the delete policy of mailboxes that name none
     */
    public static List<Mailbox> read(Path file, Function<String, String> env, String defaultDelete) {
        String where = IngestSetting.MAILBOXES_FILE.label() + " " + file;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read: " + e.getMessage());
        }
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            int dot = line.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException(where + " line " + n + " is not '<mailbox>.<key> = <value>'");
            }
            String id = line.substring(0, dot).strip();
            String key = line.substring(dot + 1, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (!ID.matcher(id).matches() && !DEFAULTS.equals(id)) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox name '" + id
                        + "' may hold only letters, digits, '-' and '_'");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox " + id + " has an unknown key '"
                        + key + "'; known are " + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (DEFAULTS.equals(id) && OWN_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " line " + n + ": " + key + " names one maildrop; set it "
                        + "per mailbox, not for " + DEFAULTS);
            }
            if (entries.computeIfAbsent(id, i -> new LinkedHashMap<>()).put(key, value) != null) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox " + id + " sets " + key + " twice");
            }
        }
        Map<String, String> defaults = entries.remove(DEFAULTS);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(where + " lists no mailbox");
        }
        List<Mailbox> mailboxes = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : entries.entrySet()) {
            Map<String, String> values = withDefaults(e.getValue(), defaults);
            Mailbox m = mailbox(where, e.getKey(), values, env, defaultDelete);
            String account = m.account().toString().toLowerCase(Locale.ROOT);
            String other = seen.putIfAbsent(account, m.id());
            if (other != null) {
                throw new IllegalArgumentException(where + ": mailboxes " + other + " and " + m.id()
                        + " are the same maildrop " + m.account() + "; POP3 allows one session per maildrop");
            }
            mailboxes.add(m);
        }
        return mailboxes;
    }

    /**
     * A mailbox's own keys over those of {@code *}; a shared key that does not fit its login (a token setting for a
     * password login, a secret for a token login) is left out, so that one mailbox of a tenant may keep a password.
     */
    private static Map<String, String> withDefaults(Map<String, String> own, Map<String, String> defaults) {
        if (defaults == null) {
            return own;
        }
        Map<String, String> values = new LinkedHashMap<>(defaults);
        values.putAll(own);
        String auth = values.getOrDefault("auth", "user").strip().toLowerCase(Locale.ROOT);
        boolean tokens = auth.equals("xoauth2") || auth.equals("oauthbearer");
        for (String key : tokens ? List.of("secret") : OAUTH2_KEYS) {
            if (!own.containsKey(key)) {
                values.remove(key);
            }
        }
        return values;
    }

    private static Mailbox mailbox(String where, String id, Map<String, String> v, Function<String, String> env,
            String defaultDelete) {
        String name = where + ": mailbox " + id;
        String host = required(name, v, "host");
        String username = required(name, v, "username");
        Pop3Security security = IngestSettings.security(v.getOrDefault("security", "pop3s"), name + " security");
        boolean allowPlaintext = bool(name, v, "allow-plaintext");
        if (security == Pop3Security.PLAIN && !allowPlaintext) {
            throw new IllegalArgumentException(name + " security is plain, which sends the password and every message "
                    + "in clear, but allow-plaintext is not true: use pop3s or stls, or set " + id
                    + ".allow-plaintext = true to accept the risk");
        }
        int port = security.defaultPort();
        if (v.containsKey("port")) {
            try {
                port = Integer.parseInt(v.get("port"));
            } catch (NumberFormatException ex) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + " port '" + v.get("port") + "' is not a TCP port");
            }
        }
        Pop3AuthMechanism auth = Pop3AuthMechanism.parse(v.getOrDefault("auth", "user"), name + " auth");
        String secret = null;
        OAuth2 oauth2 = null;
        if (auth.usesAccessToken()) {
            if (v.containsKey("secret")) {
                throw new IllegalArgumentException(name + " auth is " + v.get("auth") + ", which logs in with access "
                        + "tokens from token-endpoint, but secret is set too: remove it");
            }
            oauth2 = oauth2(name, v, env);
        } else {
            for (String key : OAUTH2_KEYS) {
                if (v.containsKey(key)) {
                    throw new IllegalArgumentException(name + " has " + key + " but auth is "
                            + v.getOrDefault("auth", "user") + ", which sends the password: set auth = xoauth2 or "
                            + "oauthbearer, or remove " + key);
                }
            }
            secret = secret(name, "secret", required(name, v, "secret"), env);
        }
        String truststore = v.getOrDefault("truststore", "");
        if (!truststore.isEmpty()) {
            PemTrustStore.socketFactory(Path.of(truststore), name + " truststore");
        }
        String pin = v.getOrDefault("pin", "");
        if (!pin.isEmpty()) {
            if (security == Pop3Security.PLAIN) {
                throw new IllegalArgumentException(name + " pin needs TLS, but security is plain");
            }
            CertificatePins.parse(pin, name + " pin");
        }
        String uidlFallback = v.getOrDefault("uidl-fallback", Pop3IngestConfiguration.UIDL_FALLBACK_NONE);
        Pop3UidlFallback.parse(uidlFallback, name + " uidl-fallback");
        String delete = v.getOrDefault("delete", defaultDelete);
        DeletePolicy.parse(delete, name + " delete");
        String route = v.getOrDefault("route", DEFAULT_ROUTE);
        if (route.isEmpty()) {
            throw new IllegalArgumentException(name + " route is empty: name an endpoint such as " + DEFAULT_ROUTE);
        }
        return new Mailbox(id, host, port, username, secret, security, allowPlaintext, auth, oauth2, truststore, pin,
                uidlFallback, delete, route);
    }

    /** The token settings of a mailbox with token logins, its secrets resolved. */
    private static OAuth2 oauth2(String name, Map<String, String> v, Function<String, String> env) {
        String tokenEndpoint = required(name, v, "token-endpoint");
        try {
            URI uri = new URI(tokenEndpoint);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new URISyntaxException(tokenEndpoint, "no http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " token-endpoint '" + tokenEndpoint
                    + "' is not an http(s) URL with a host");
        }
        String clientId = required(name, v, "client-id");
        String clientSecret = v.containsKey("client-secret") ? secret(name, "client-secret", v.get("client-secret"), env)
                : null;
        String refreshToken = v.containsKey("refresh-token") ? secret(name, "refresh-token", v.get("refresh-token"), env)
                : null;
        if (clientSecret == null && refreshToken == null) {
            throw new IllegalArgumentException(name + " auth is " + v.get("auth") + " but has neither client-secret "
                    + "(client_credentials grant) nor refresh-token (refresh_token grant)");
        }
        boolean microsoft365 = bool(name, v, "microsoft365");
        if (microsoft365 && !"xoauth2".equalsIgnoreCase(v.get("auth").trim())) {
            throw new IllegalArgumentException(name + " microsoft365 = true needs auth = xoauth2");
        }
        String scope = v.getOrDefault("scope", "");
        return new OAuth2(tokenEndpoint, clientId, clientSecret, refreshToken, scope.isEmpty() ? null : scope,
                microsoft365);
    }

    private static boolean bool(String name, Map<String, String> v, String key) {
        String value = v.getOrDefault(key, "false");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + " " + key + " '" + value + "' must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static String required(String name, Map<String, String> v, String key) {
        String value = v.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " has no " + key);
        }
        return value;
    }

    /** The secret a reference points to; the key and the reference, never the secret, appear in errors. */
    private static String secret(String name, String key, String reference, Function<String, String> env) {
        if (reference.startsWith("env:")) {
            String value = env.apply(reference.substring(4));
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(name + " " + key + " " + reference
                        + ": the environment variable is not set");
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            Path file = Path.of(reference.substring(5));
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(name + " " + key + " " + reference + ": the file is empty");
                }
                return value;
            } catch (IOException ex) {
                throw new IllegalArgumentException(name + " " + key + " " + reference + " cannot be read: "
                        + ex.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException(name + " " + key + " must be a reference, env:VARIABLE or file:/path, so "
                + "that no secret is written into the mailbox list");
    }
}
