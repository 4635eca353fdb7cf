package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import io.github.camelpop3ingest.pop3.CertificatePins;
import io.github.camelpop3ingest.pop3.DeletePolicy;
import io.github.camelpop3ingest.pop3.PemTrustStore;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3AuthMechanism;
import io.github.camelpop3ingest.pop3.Pop3Security;
import io.github.camelpop3ingest.pop3.Pop3UidlFallback;

/**
 * The main job's settings as resolved by Camel's properties component, checked once at startup so that bad
 * configuration fails before the first poll and names the setting.
 */
public final class IngestSettings {

    private final Map<IngestSetting, String> values = new EnumMap<>(IngestSetting.class);

    private IngestSettings() {
    }

    /** Reads every setting through {@code lookup} (Camel's properties component), falling back to its default. */
    public static IngestSettings resolve(Function<String, Optional<String>> lookup) {
        IngestSettings s = new IngestSettings();
        for (IngestSetting setting : IngestSetting.values()) {
            s.values.put(setting, lookup.apply(setting.key()).map(String::trim).orElse(setting.defaultValue()));
        }
        return s;
    }

    public String get(IngestSetting setting) {
        return values.get(setting);
    }

    /** No mailbox configured: the job reads its embedded demo mailbox. */
    public boolean embedded() {
        return get(IngestSetting.POP3_HOST).isEmpty() && !multiMailbox();
    }

    /** Whether the mailboxes come from {@code ingest.mailboxes.file} instead of the ingest.pop3.* settings. */
    public boolean multiMailbox() {
        return !get(IngestSetting.MAILBOXES_FILE).isEmpty();
    }

    /** The mailboxes of {@code ingest.mailboxes.file}, checked; {@code env} resolves {@code env:} secrets. */
    public List<MailboxList.Mailbox> mailboxes(Function<String, String> env) {
        return MailboxList.read(Path.of(get(IngestSetting.MAILBOXES_FILE)), env, get(IngestSetting.DELETE));
    }

    /** The maildrop of the ingest.pop3.* settings; call after {@link #validate()}. */
    public Pop3Account account() {
        return new Pop3Account(get(IngestSetting.POP3_HOST), port(), get(IngestSetting.POP3_USERNAME));
    }

    /** How the ingest.pop3.* mailbox is protected; call after {@link #validate()}. */
    public Pop3Security security() {
        return security(get(IngestSetting.POP3_SECURITY), IngestSetting.POP3_SECURITY.label());
    }

    /** The ingest.pop3.* mailbox's port: the one set, else the default of its security; call after {@link #validate()}. */
    public int port() {
        String port = get(IngestSetting.POP3_PORT);
        return port.isEmpty() ? security().defaultPort() : Integer.parseInt(port);
    }

    /**
     * What the single-mailbox route reads besides the settings themselves: the port its security implies when none is
     * set. Call after {@link #validate()}.
     */
    public Properties intakeProperties() {
        Properties props = new Properties();
        if (!embedded() && !multiMailbox() && get(IngestSetting.POP3_PORT).isEmpty()) {
            props.put(IngestSetting.POP3_PORT.key(), String.valueOf(port()));
        }
        return props;
    }

    /** Reads pop3s, stls or plain, case-insensitively; {@code what} names the setting or key in the message. */
    static Pop3Security security(String value, String what) {
        try {
            return Pop3Security.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not one of pop3s, stls, plain");
        }
    }

    public boolean once() {
        return Boolean.parseBoolean(get(IngestSetting.ONCE));
    }

    /**
     * Fails with a {@link IllegalArgumentException} naming the first setting that is wrong: a mailbox without a user,
     * a port that is no number, plain POP3 not explicitly allowed, an unreadable truststore, a malformed pin, an unwritable
     * archive or state directory, an unknown delete policy.
     */
    public void validate() {
        if (multiMailbox()) {
            for (IngestSetting single : new IngestSetting[] {IngestSetting.POP3_HOST, IngestSetting.POP3_USERNAME,
                    IngestSetting.POP3_PASSWORD}) {
                if (!get(single).isEmpty()) {
                    throw new IllegalArgumentException(IngestSetting.MAILBOXES_FILE.label() + " lists the mailboxes, but "
                            + single.label() + " is set too: name each mailbox in the file");
                }
            }
            // Per mailbox in the list (security, allow-plaintext, uidl-fallback keys): a changed default would be ignored.
            for (IngestSetting single : new IngestSetting[] {IngestSetting.POP3_SECURITY,
                    IngestSetting.POP3_ALLOW_PLAINTEXT, IngestSetting.POP3_UIDL_FALLBACK}) {
                if (!get(single).trim().equalsIgnoreCase(single.defaultValue())) {
                    throw new IllegalArgumentException(IngestSetting.MAILBOXES_FILE.label() + " lists the mailboxes, but "
                            + single.label() + " is set too: it is a key of each mailbox in the file");
                }
            }
        } else if (!embedded()) {
            String host = get(IngestSetting.POP3_HOST);
            if (host.contains("?")) {
                throw new IllegalArgumentException(IngestSetting.POP3_HOST.label() + " '" + host + "' is not a host "
                        + "name; endpoint options have settings of their own, e.g. " + IngestSetting.POP3_SECURITY.label()
                        + " and " + IngestSetting.POP3_PORT.label());
            }
            require(IngestSetting.POP3_USERNAME);
            Pop3Security security = security();
            bool(IngestSetting.POP3_ALLOW_PLAINTEXT);
            if (security == Pop3Security.PLAIN && !Boolean.parseBoolean(get(IngestSetting.POP3_ALLOW_PLAINTEXT))) {
                throw new IllegalArgumentException(IngestSetting.POP3_SECURITY.label() + " is plain, which sends the "
                        + "password and every message in clear, but " + IngestSetting.POP3_ALLOW_PLAINTEXT.label()
                        + " is not true: use pop3s or stls, or set it to true to accept the risk");
            }
            if (security == Pop3Security.PLAIN && !get(IngestSetting.POP3_PIN).isEmpty()) {
                throw new IllegalArgumentException(IngestSetting.POP3_PIN.label() + " needs TLS, but "
                        + IngestSetting.POP3_SECURITY.label() + " is plain");
            }
            String fallback = get(IngestSetting.POP3_UIDL_FALLBACK);
            Pop3UidlFallback.parse(fallback, IngestSetting.POP3_UIDL_FALLBACK.label());
            String auth = get(IngestSetting.POP3_AUTH);
            if (Pop3AuthMechanism.parse(auth, IngestSetting.POP3_AUTH.label()).usesAccessToken()) {
                // The endpoint checks the combination again and names its option; here the setting is named.
                require(IngestSetting.OAUTH2_TOKEN_ENDPOINT);
                require(IngestSetting.OAUTH2_CLIENT_ID);
                if (get(IngestSetting.OAUTH2_CLIENT_SECRET).isEmpty() && get(IngestSetting.OAUTH2_REFRESH_TOKEN).isEmpty()) {
                    throw new IllegalArgumentException(IngestSetting.POP3_AUTH.label() + " is " + auth + " but neither "
                            + IngestSetting.OAUTH2_CLIENT_SECRET.label() + " nor " + IngestSetting.OAUTH2_REFRESH_TOKEN.label()
                            + " is set");
                }
            } else {
                require(IngestSetting.POP3_PASSWORD);
            }
            try {
                int port = port();
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(IngestSetting.POP3_PORT.label() + " '" + get(IngestSetting.POP3_PORT)
                        + "' is not a TCP port");
            }
            String truststore = get(IngestSetting.POP3_TRUSTSTORE);
            if (!truststore.isEmpty()) {
                PemTrustStore.socketFactory(Path.of(truststore), IngestSetting.POP3_TRUSTSTORE.label());
            }
            String pin = get(IngestSetting.POP3_PIN);
            if (!pin.isEmpty()) {
                CertificatePins.parse(pin, IngestSetting.POP3_PIN.label());
            }
        } else if (!get(IngestSetting.POP3_USERNAME).isEmpty()) {
            throw new IllegalArgumentException(IngestSetting.POP3_HOST.label() + " is missing but "
                    + IngestSetting.POP3_USERNAME.label() + " is set: name the POP3 server too");
        }
        DeletePolicy.parse(get(IngestSetting.DELETE), IngestSetting.DELETE.label());
        ClusterSetup.validate(this);
        writableDirectory(IngestSetting.ARCHIVE_DIR);
        writableDirectory(IngestSetting.STATE_DIR);
        writableDirectory(IngestSetting.QUARANTINE_DIR);
        for (IngestSetting number : new IngestSetting[] {IngestSetting.POLL_DELAY, IngestSetting.JMS_INLINE_MAX_BYTES,
                IngestSetting.HTTP_CONNECT_TIMEOUT, IngestSetting.HTTP_READ_TIMEOUT, IngestSetting.RETRY_MAX,
                IngestSetting.RETRY_DELAY, IngestSetting.RETRY_MAX_DELAY, IngestSetting.MAX_FAILURES,
                IngestSetting.MAX_MESSAGE_SIZE}) {
            number(number);
        }
        atMost(IngestSetting.MAX_FAILURES, 0, Integer.MAX_VALUE);
        atMost(IngestSetting.POLL_MAX_MESSAGES, 0, Integer.MAX_VALUE);
        // 0 would wait for ever: a socket timeout of 0 means none.
        atMost(IngestSetting.POLL_CONNECT_TIMEOUT, 1, Integer.MAX_VALUE);
        atMost(IngestSetting.POLL_READ_TIMEOUT, 1, Integer.MAX_VALUE);
        number(IngestSetting.POLL_MAX_BACKOFF);
        number(IngestSetting.POLL_AUTH_BACKOFF);
        for (IngestSetting bytes : new IngestSetting[] {IngestSetting.LIMIT_PDF_BYTES, IngestSetting.LIMIT_ZIP_TOTAL_BYTES}) {
            atMost(bytes, 1, Long.MAX_VALUE);
        }
        // Read into byte arrays.
        atMost(IngestSetting.LIMIT_ENTRY_BYTES, 1, Integer.MAX_VALUE - 8);
        atMost(IngestSetting.LIMIT_XML_BYTES, 1, Integer.MAX_VALUE - 8);
        for (IngestSetting limit : new IngestSetting[] {IngestSetting.LIMIT_MIME_DEPTH, IngestSetting.LIMIT_XML_NODES,
                IngestSetting.LIMIT_XML_DEPTH, IngestSetting.LIMIT_PDF_OBJECTS,
                IngestSetting.LIMIT_ZIP_ENTRIES, IngestSetting.LIMIT_ZIP_RATIO, IngestSetting.LIMIT_ZIP_DEPTH}) {
            atMost(limit, 1, Integer.MAX_VALUE);
        }
        validateDecisionFlow();
        Sinks sinks = sinks();
        if (sinks.has(Sinks.HTTP)) {
            String url = get(IngestSetting.HTTP_URL);
            if (url.isEmpty()) {
                throw new IllegalArgumentException(IngestSetting.SINKS.label() + " includes http but "
                        + IngestSetting.HTTP_URL.label() + " is empty: name the endpoint that receives the messages");
            }
            try {
                URI uri = new URI(url);
                if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    throw new URISyntaxException(url, "not an http or https URL with a host");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(IngestSetting.HTTP_URL.label() + " is not an http(s) URL with a host");
            }
        }
    }

    /** Where mail to review goes when validation is on. */
    public Sinks reviewSinks() {
        return Sinks.parseReview(get(IngestSetting.REVIEW_SINKS));
    }

    public boolean validation() {
        return Boolean.parseBoolean(get(IngestSetting.VALIDATION));
    }

    public boolean notice() {
        return Boolean.parseBoolean(get(IngestSetting.NOTICE));
    }

    /** The checks of the validation, review and notice settings, which only matter when validation is on. */
    private void validateDecisionFlow() {
        bool(IngestSetting.VALIDATION);
        bool(IngestSetting.NOTICE);
        Sinks review = reviewSinks();
        if (!validation()) {
            if (notice()) {
                throw new IllegalArgumentException(IngestSetting.NOTICE.label() + " is true but "
                        + IngestSetting.VALIDATION.label() + " is not: notices answer invoices that validation found invalid");
            }
            return;
        }
        if (review.names().isEmpty()) {
            throw new IllegalArgumentException(IngestSetting.REVIEW_SINKS.label() + " is empty but "
                    + IngestSetting.VALIDATION.label() + " is true: name file and/or jms, so that invoices that are "
                    + "not valid reach a person");
        }
        if (review.has(Sinks.FILE)) {
            writableDirectory(IngestSetting.REVIEW_DIR);
        }
        if (review.has(Sinks.JMS) && get(IngestSetting.REVIEW_QUEUE).isBlank()) {
            throw new IllegalArgumentException(IngestSetting.REVIEW_QUEUE.label() + " is empty: name the review queue");
        }
        if (notice()) {
            NoticeSmtp.validate(this);
        }
    }

    private void bool(IngestSetting setting) {
        String value = get(setting).trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(setting.label() + " '" + value + "' must be true or false");
        }
    }

    /** The sinks after the archive. */
    public Sinks sinks() {
        return Sinks.parse(get(IngestSetting.SINKS));
    }

    /** A setting that must be a whole number of 0 or more. */
    public long number(IngestSetting setting) {
        try {
            long value = Long.parseLong(get(setting));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.label() + " '" + get(setting) + "' is not a whole number of 0 or more");
        }
    }

    /** A whole number from {@code min} to {@code max}, or the setting is named. */
    private void atMost(IngestSetting setting, long min, long max) {
        long value = number(setting);
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting.label() + " '" + get(setting) + "' must be a whole number from "
                    + min + " to " + max);
        }
    }

    private void require(IngestSetting setting) {
        if (get(setting).isEmpty()) {
            throw new IllegalArgumentException(setting.label() + " is required when " + IngestSetting.POP3_HOST.label()
                    + " is set");
        }
    }

    private void writableDirectory(IngestSetting setting) {
        String value = get(setting);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting.label() + " is empty: name a writable directory");
        }
        Path dir = Path.of(value);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " is not a writable directory");
        }
        // isWritable trusts permission bits, which root ignores; a real write tells the truth.
        try {
            Path probe = Files.createTempFile(dir, ".write-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " is not writable: " + e.getMessage());
        }
    }
}
