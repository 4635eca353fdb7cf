package io.github.camelpop3ingest.main;

import java.util.Locale;

import io.github.camelpop3ingest.pop3.Pop3IngestConfiguration;

/**
 * The main job's settings: each is a Camel property in {@code camel-pop3-ingest.properties} that an environment variable
 * of the same name in upper case with underscores overrides (Camel's standard mapping).
 */
public enum IngestSetting {
    POP3_HOST("ingest.pop3.host", "", "POP3 server; empty starts the embedded demo mailbox"),
    POP3_PORT("ingest.pop3.port", "", "TCP port; empty: 995 for pop3s, 110 for stls and plain"),
    POP3_SECURITY("ingest.pop3.security", "pop3s",
            "pop3s (implicit TLS), stls (STARTTLS, refused when the server lacks it) or plain (no TLS; needs ingest.pop3.allow-plaintext)"),
    POP3_ALLOW_PLAINTEXT("ingest.pop3.allow-plaintext", "false",
            "true allows security plain, which sends the password and every message in clear"),
    POP3_USERNAME("ingest.pop3.username", "", "maildrop user"),
    POP3_PASSWORD("ingest.pop3.password", "", "maildrop password (never logged)"),
    POP3_AUTH("ingest.pop3.auth", "user", "how to log in: user (USER/PASS), plain (SASL PLAIN), xoauth2 or oauthbearer (access token from the token endpoint)"),
    OAUTH2_TOKEN_ENDPOINT("ingest.oauth2.token-endpoint", "", "OAuth 2.0 token endpoint URL for xoauth2"),
    OAUTH2_CLIENT_ID("ingest.oauth2.client-id", "", "OAuth 2.0 client id"),
    OAUTH2_CLIENT_SECRET("ingest.oauth2.client-secret", "", "OAuth 2.0 client secret (never logged)"),
    OAUTH2_REFRESH_TOKEN("ingest.oauth2.refresh-token", "", "refresh token; set, tokens come from the refresh_token grant, else client_credentials (never logged)"),
    OAUTH2_SCOPE("ingest.oauth2.scope", "", "scope to ask for, e.g. https://outlook.office365.com/.default"),
    POP3_MICROSOFT365("ingest.pop3.microsoft365", "false", "true sends XOAUTH2 in the two-line form Microsoft 365 needs"),
    POP3_TRUSTSTORE("ingest.pop3.truststore", "", "PEM file of certificates to trust instead of the JVM's CAs"),
    POP3_PIN("ingest.pop3.pin", "",
            "comma-separated pins the server certificate must match besides normal verification: sha256:HEX or spki-sha256:BASE64"),
    POP3_UIDL_FALLBACK("ingest.pop3.uidl-fallback", Pop3IngestConfiguration.UIDL_FALLBACK_NONE,
            "for a server without UIDL: none (the poll fails, naming the server) or message-id (keys on Message-ID, one TOP per message and poll)"),
    MAILBOXES_FILE("ingest.mailboxes.file", "",
            "file listing several mailboxes (<name>.host, .username, .secret = env:VAR or file:/path, ...); replaces the ingest.pop3.* mailbox"),
    MANAGEMENT_PORT("ingest.management.port", "",
            "port of the HTTP server for /observe/health and /observe/metrics (Prometheus); empty turns it off"),
    CLUSTER_SERVICE("ingest.cluster.service", "",
            "empty: no cluster; file:<dir> (a file lock per mailbox, one machine or a shared volume) or kubernetes (a Lease per mailbox; needs the jar built with -Pkubernetes): each mailbox is read by one instance at a time"),
    CLUSTER_LOCK_INTERVAL("ingest.cluster.lock-interval", "2000",
            "milliseconds between the file-lock service's lock attempts and heartbeats; another instance takes over a dead one's mailboxes after about 5 of them"),
    CLUSTER_DB_URL("ingest.cluster.db.url", "",
            "PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db) of the processed keys, holds and invoice duplicates the instances share; required in cluster mode"),
    CLUSTER_DB_USER("ingest.cluster.db.user", "", "database user"),
    CLUSTER_DB_PASSWORD("ingest.cluster.db.password", "", "database password (never logged)"),
    ARCHIVE_DIR("ingest.archive.dir", "archive", "folder that receives one folder per message"),
    STATE_DIR("ingest.state.dir", "state", "folder of the UIDL journal and the spool"),
    DELETE("ingest.delete", "keep", "keep | after-processing | after-days:N"),
    ONCE("ingest.once", "false", "true drains the mailbox once, prints a summary and exits"),
    POLL_DELAY("ingest.poll.delay", "60000", "milliseconds between polls"),
    POLL_MAX_MESSAGES("ingest.poll.max-messages", "0", "at most this many new messages per poll of a mailbox; 0 means all"),
    POLL_CONNECT_TIMEOUT("ingest.poll.connect-timeout", "" + Pop3IngestConfiguration.DEFAULT_CONNECT_TIMEOUT_MILLIS,
            "milliseconds to wait for the TCP and TLS connect to a POP3 server or OAuth 2.0 token endpoint"),
    POLL_READ_TIMEOUT("ingest.poll.read-timeout", "" + Pop3IngestConfiguration.DEFAULT_READ_TIMEOUT_MILLIS,
            "milliseconds to wait for each answer of a POP3 server or OAuth 2.0 token endpoint, so a silent server never hangs a poll"),
    POLL_MAX_BACKOFF("ingest.poll.max-backoff", "" + Pop3IngestConfiguration.DEFAULT_MAX_BACKOFF_MILLIS,
            "longest wait in milliseconds before a failing mailbox is tried again (the poll delay, doubled for each failure in a row)"),
    POLL_AUTH_BACKOFF("ingest.poll.auth-backoff", "" + Pop3IngestConfiguration.DEFAULT_AUTH_BACKOFF_MILLIS,
            "least wait in milliseconds after a refused login or a locked maildrop, so that retries never get the account locked"),
    SINKS("ingest.sinks", "", "sinks after the archive, comma-separated: jms, http"),
    JMS_URL("ingest.jms.url", "", "external broker URL; empty starts an embedded Artemis broker"),
    JMS_QUEUE("ingest.jms.queue", "ingest.messages", "queue that receives one event per message"),
    JMS_INVOICE_QUEUE("ingest.jms.invoice-queue", "ingest.invoices", "queue that receives one event per recognized invoice"),
    JMS_INLINE_MAX_BYTES("ingest.jms.inline-max-bytes", "65536",
            "attachments up to this size travel inside the event, larger ones as a claim-check"),
    HTTP_URL("ingest.http.url", "", "endpoint that receives one multipart POST per message"),
    HTTP_AUTHORIZATION("ingest.http.authorization", "", "Authorization header value (never logged)"),
    HTTP_CONNECT_TIMEOUT("ingest.http.connect-timeout", "10000", "HTTP connect timeout in milliseconds"),
    HTTP_READ_TIMEOUT("ingest.http.read-timeout", "60000", "HTTP read timeout in milliseconds"),
    VALIDATION("ingest.validation", "false",
            "true validates every structured invoice (EN 16931, XRechnung, Peppol BIS) and routes mail with invoices by the result: all valid to the sinks, any other to review"),
    REVIEW_SINKS("ingest.review.sinks", "file",
            "where mail with an invalid, unvalidated or doubtful invoice goes when validation is on, comma-separated: file, jms"),
    REVIEW_DIR("ingest.review.dir", "review",
            "folder that receives one folder per message to review: message.eml, envelope.json and review.txt"),
    REVIEW_QUEUE("ingest.review.queue", "ingest.review", "queue that receives one event per message to review"),
    NOTICE("ingest.notice", "false",
            "true mails the sender of an invalid invoice a rejection notice naming each broken rule (never to automatic mail or mailing lists; once per sender and invoice number in 24 hours)"),
    NOTICE_FROM("ingest.notice.from", "", "sender address of rejection notices"),
    SMTP_HOST("ingest.smtp.host", "", "SMTP server that sends rejection notices"),
    SMTP_PORT("ingest.smtp.port", "465", "SMTP port: 465 for smtps, 587 for starttls, 25 for plain"),
    SMTP_SECURITY("ingest.smtp.security", "smtps",
            "smtps (implicit TLS), starttls, or plain (no TLS: only for a relay without login, so no password travels in clear)"),
    SMTP_USERNAME("ingest.smtp.username", "", "SMTP login; empty sends without login"),
    SMTP_PASSWORD("ingest.smtp.password", "", "SMTP password (never logged)"),
    SMTP_TRUSTSTORE("ingest.smtp.truststore", "", "PEM file of certificates to trust for the SMTP server instead of the JVM's CAs"),
    QUARANTINE_DIR("ingest.quarantine.dir", "quarantine", "folder for messages a sink refused or never confirmed"),
    RETRY_MAX("ingest.retry.max", "5", "retries of a failing sink before the message goes to quarantine"),
    RETRY_DELAY("ingest.retry.delay", "1000", "milliseconds before the first retry, doubled for each next one"),
    RETRY_MAX_DELAY("ingest.retry.max-delay", "60000", "longest wait between two retries, in milliseconds"),
    MAX_FAILURES("ingest.max-failures", "3",
            "failures in a row of one message (counted across restarts) before the next attempt archives it unsplit and quarantines it, held on the server; 0 never gives up"),
    MAX_MESSAGE_SIZE("ingest.max-message-size", "0",
            "largest message in octets (by LIST) that is retrieved; a larger one stays on the server, never deleted, and only its header is archived, with a problem, and delivered; 0 is no limit"),
    LIMIT_MIME_DEPTH("ingest.limit.mime-depth", "100",
            "deepest nesting of body parts that is split; a deeper multipart is kept whole as one part with a problem"),
    LIMIT_XML_BYTES("ingest.limit.xml-bytes", "20971520",
            "largest XML invoice read; never more than an eighth of the heap"),
    LIMIT_XML_NODES("ingest.limit.xml-nodes", "200000",
            "most elements, attributes and comments an XML invoice may have before it is not read"),
    LIMIT_XML_DEPTH("ingest.limit.xml-depth", "100", "deepest element nesting of an XML invoice that is read"),
    LIMIT_PDF_BYTES("ingest.limit.pdf-bytes", "104857600", "largest PDF opened to look for an embedded invoice"),
    LIMIT_PDF_OBJECTS("ingest.limit.pdf-objects", "50000",
            "most objects a PDF may declare before it is not opened (the PDF library allocates for each)"),
    LIMIT_ENTRY_BYTES("ingest.limit.entry-bytes", "20971520",
            "largest file embedded in a PDF or ZIP entry read into memory, decoded; never more than an eighth of the heap"),
    LIMIT_ZIP_ENTRIES("ingest.limit.zip-entries", "1000", "most entries read from one ZIP attachment, nested ZIPs included"),
    LIMIT_ZIP_TOTAL_BYTES("ingest.limit.zip-total-bytes", "104857600",
            "most bytes decompressed from one ZIP attachment, nested ZIPs and skipped entries included"),
    LIMIT_ZIP_RATIO("ingest.limit.zip-ratio", "100", "highest decompressed-to-compressed ratio before a ZIP counts as a bomb"),
    LIMIT_ZIP_DEPTH("ingest.limit.zip-depth", "2", "deepest ZIP nesting followed; the attachment itself is level 1");

    private final String key;
    private final String defaultValue;
    private final String description;

    IngestSetting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The Camel property key, e.g. {@code ingest.pop3.host}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides it, e.g. {@code INGEST_POP3_HOST}. */
    public String envVar() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** How error messages name it: {@code ingest.pop3.host (INGEST_POP3_HOST)}. */
    public String label() {
        return key + " (" + envVar() + ")";
    }
}
