package io.github.camelpop3ingest.main;

import java.io.IOException;
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
import io.github.camelpop3ingest.pop3.Pop3IngestEndpoint;
import io.github.camelpop3ingest.pop3.Pop3Security;

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
 * archive, default {@code direct:deliver}); they mean what the single mailbox's ingest.pop3.* settings mean. Every
 * mistake fails the whole list with a message naming the entry.
 */
public final class MailboxList {

    /** Where a mailbox's messages go after the archive unless its {@code route} says otherwise. */
    public static final String DEFAULT_ROUTE = "direct:deliver";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Set<String> KEYS = Set.of("host", "port", "username", "secret", "security",
            "allow-plaintext", "auth", "truststore", "pin", "uidl-fallback", "delete", "route");

    /** One mailbox, its secret resolved. */
    public record Mailbox(String id, String host, int port, String username, String secret, Pop3Security security,
            boolean allowPlaintext, Pop3AuthMechanism auth, String truststore, String pin, String uidlFallback,
            String delete, String route) {

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
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox name '" + id
                        + "' may hold only letters, digits, '-' and '_'");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox " + id + " has an unknown key '"
                        + key + "'; known are " + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (entries.computeIfAbsent(id, i -> new LinkedHashMap<>()).put(key, value) != null) {
                throw new IllegalArgumentException(where + " line " + n + ": mailbox " + id + " sets " + key + " twice");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(where + " lists no mailbox");
        }
        List<Mailbox> mailboxes = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : entries.entrySet()) {
            Mailbox m = mailbox(where, e.getKey(), e.getValue(), env, defaultDelete);
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
        if (auth.usesAccessToken()) {
            throw new IllegalArgumentException(name + " auth=" + v.get("auth") + ": a mailbox list takes user or plain "
                    + "logins; OAuth 2.0 mailboxes need a route of their own (endpoint options oauth2*)");
        }
        String secret = secret(name, required(name, v, "secret"), env);
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
        String uidlFallback = v.getOrDefault("uidl-fallback", Pop3IngestEndpoint.UIDL_FALLBACK_NONE);
        if (!Pop3IngestEndpoint.UIDL_FALLBACK_NONE.equals(uidlFallback)
                && !Pop3IngestEndpoint.UIDL_FALLBACK_MESSAGE_ID.equals(uidlFallback)) {
            throw new IllegalArgumentException(name + " uidl-fallback '" + uidlFallback + "' is not one of "
                    + Pop3IngestEndpoint.UIDL_FALLBACK_NONE + ", " + Pop3IngestEndpoint.UIDL_FALLBACK_MESSAGE_ID);
        }
        String delete = v.getOrDefault("delete", defaultDelete);
        DeletePolicy.parse(delete, name + " delete");
        String route = v.getOrDefault("route", DEFAULT_ROUTE);
        if (route.isEmpty()) {
            throw new IllegalArgumentException(name + " route is empty: name an endpoint such as " + DEFAULT_ROUTE);
        }
        return new Mailbox(id, host, port, username, secret, security, allowPlaintext, auth, truststore, pin,
                uidlFallback, delete, route);
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

    /** The secret a reference points to; the reference, never the secret, appears in errors. */
    private static String secret(String name, String reference, Function<String, String> env) {
        if (reference.startsWith("env:")) {
            String value = env.apply(reference.substring(4));
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(name + " secret " + reference + ": the environment variable is not set");
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            Path file = Path.of(reference.substring(5));
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(name + " secret " + reference + ": the file is empty");
                }
                return value;
            } catch (IOException ex) {
                throw new IllegalArgumentException(name + " secret " + reference + " cannot be read: "
                        + ex.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException(name + " secret must be a reference, env:VARIABLE or file:/path, so that "
                + "no password is written into the mailbox list");
    }
}
