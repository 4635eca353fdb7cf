package io.github.camelpop3ingest.pop3;

import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.repository.RefreshTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLSocketFactory;

import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import io.github.camelpop3ingest.repository.ProcessedTimestamps;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume a POP3 maildrop (POP3S or STLS), keyed on UIDL, skipping messages already processed before any TOP or RETR.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = Pop3IngestComponent.SCHEME, title = "POP3 Ingest",
             syntax = "pop3-ingest:host", consumerOnly = true, category = { Category.MAIL },
             headersClass = IngestExchange.class)
public class Pop3IngestEndpoint extends ScheduledPollEndpoint {

    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_READ_TIMEOUT_MILLIS = 60_000;
    public static final String UIDL_FALLBACK_NONE = "none";
    public static final String UIDL_FALLBACK_MESSAGE_ID = "message-id";
    public static final String SPOOL_DIR_NAME = "spool";
    public static final long DEFAULT_PROGRESS_INTERVAL_MILLIS = 5_000;
    /** Failures in a row of one message before it counts as poison: archived unsplit and quarantined. */
    public static final int DEFAULT_MAX_FAILURES = 3;
    public static final long DEFAULT_MAX_BACKOFF_MILLIS = 15 * 60_000;
    public static final long DEFAULT_AUTH_BACKOFF_MILLIS = 5 * 60_000;
    public static final String DEFAULT_AUTH_MECHANISM = "user";
    public static final int DEFAULT_SYNC_BATCH_SIZE = 256;
    /** POP3 has no push; poll once a minute unless told otherwise, like camel-mail. */
    public static final long DEFAULT_DELAY_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IngestEndpoint.class);

    @UriPath(label = "common",
             description = "Host name of the POP3 server; it is checked against the server certificate.")
    @Metadata(required = true)
    private String host;
    @UriParam(label = "common", description = "TCP port; 0 means 995 for pop3s and 110 for stls and plain.")
    private int port;
    @UriParam(label = "security", defaultValue = "POP3S",
              description = "How the session is protected: pop3s (implicit TLS), stls (STARTTLS on 110, required) "
                      + "or plain.")
    private Pop3Security security = Pop3Security.POP3S;
    @UriParam(label = "security", description = "Allows security=plain, which sends the password in clear.",
              defaultValue = "false")
    private boolean allowPlaintext;
    @UriParam(label = "security", description = "The maildrop's user name.")
    @Metadata(required = true)
    private String username;
    @UriParam(label = "security", secret = true, description = "The maildrop's password.")
    private String password;
    @UriParam(label = "security", defaultValue = DEFAULT_AUTH_MECHANISM, enums = "user,plain,xoauth2,oauthbearer",
              description = "How to log in: user (USER/PASS), plain (SASL PLAIN), xoauth2 (SASL XOAUTH2 with an access "
                      + "token from oauth2TokenEndpoint) or oauthbearer (SASL OAUTHBEARER, RFC 7628, with the same tokens).")
    private String authMechanism = DEFAULT_AUTH_MECHANISM;
    @UriParam(label = "security",
              description = "The OAuth 2.0 token endpoint that issues access tokens for xoauth2 and oauthbearer (client_credentials grant, "
                      + "or refresh_token grant when oauth2RefreshToken is set).")
    private String oauth2TokenEndpoint;
    @UriParam(label = "security", description = "The OAuth 2.0 client id sent to oauth2TokenEndpoint.")
    private String oauth2ClientId;
    @UriParam(label = "security", secret = true, description = "The OAuth 2.0 client secret sent to oauth2TokenEndpoint.")
    private String oauth2ClientSecret;
    @UriParam(label = "security", secret = true,
              description = "A refresh token; when set, access tokens are fetched with the refresh_token grant.")
    private String oauth2RefreshToken;
    @UriParam(label = "security",
              description = "The scope to ask for, e.g. https://outlook.office365.com/.default for Microsoft 365.")
    private String oauth2Scope;
    @UriParam(label = "security", defaultValue = "false",
              description = "Microsoft 365: send XOAUTH2 as AUTH XOAUTH2 and the token on a second line, which its POP3 "
                      + "server needs (what Angus Mail calls mail.pop3s.auth.xoauth2.two.line.authentication.format).")
    private boolean microsoft365;
    @UriParam(label = "advanced",
              description = "Where a refresh token that oauth2TokenEndpoint rotated to is kept, so that a restart or another "
                      + "instance uses the newest one; defaults to the file oauth2-refresh-token in stateDir.")
    private RefreshTokenStore refreshTokenStore;
    @UriParam(label = "security",
              description = "A PEM file of certificates to trust instead of the JVM's default CAs (a private CA or a self-signed server).")
    private String truststore;
    @UriParam(label = "security",
              description = "Comma-separated SHA-256 pins, each sha256: and the hex or base64 hash of the whole "
                      + "certificate, or spki-sha256: and that of its public key; the server's certificate must match one "
                      + "of them on top of chain and host-name verification.")
    private String pin;
    @UriParam(label = "consumer", defaultValue = "" + DEFAULT_MAX_BACKOFF_MILLIS,
              description = "Longest wait in milliseconds between two attempts of a failing mailbox, whose attempts are "
                      + "otherwise spaced by delay doubled for each consecutive failure.")
    private long maxBackoff = DEFAULT_MAX_BACKOFF_MILLIS;
    @UriParam(label = "consumer", defaultValue = "" + DEFAULT_AUTH_BACKOFF_MILLIS,
              description = "Least wait in milliseconds after a refused login or a locked maildrop (IN-USE), so that "
                      + "retries never get the account locked.")
    private long authBackoff = DEFAULT_AUTH_BACKOFF_MILLIS;
    @UriParam(label = "advanced", defaultValue = "" + DEFAULT_CONNECT_TIMEOUT_MILLIS,
              description = "Milliseconds to wait for the TCP and TLS connect.")
    private int connectTimeout = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    @UriParam(label = "advanced", defaultValue = "" + DEFAULT_READ_TIMEOUT_MILLIS,
              description = "Milliseconds to wait for each read from the server, so a silent server never hangs the route.")
    private int readTimeout = DEFAULT_READ_TIMEOUT_MILLIS;
    @UriParam(label = "consumer",
              description = "The repository of processed keys (account plus UIDL); defaults to a journal in stateDir.")
    private IdempotentRepository idempotentRepository;
    @UriParam(label = "consumer",
              description = "Keys of messages that must stay on the server whatever the delete policy, e.g. "
                      + "quarantined ones whose sinks have not all confirmed them yet.")
    private IdempotentRepository holdRepository;
    @UriParam(label = "consumer",
              description = "Directory of the default journal repository and of the spool, used when no "
                      + "idempotentRepository is given.")
    private String stateDir;
    @UriParam(label = "consumer,advanced",
              description = "Where messages are streamed while they are processed; defaults to stateDir/spool.")
    private String spoolDir;
    @UriParam(label = "consumer", defaultValue = DeletePolicy.KEEP,
              description = "keep, after-processing (delete once every sink confirmed) or after-days:N (delete N days after first processed).")
    private String delete = DeletePolicy.KEEP;
    @UriParam(label = "advanced", defaultValue = UIDL_FALLBACK_NONE,
              description = "What to key messages on when the server lacks UIDL: none (fail, naming the server) or message-id (one TOP per message and poll).")
    private String uidlFallback = UIDL_FALLBACK_NONE;
    @UriParam(label = "consumer", defaultValue = "0",
              description = "At most this many new messages per poll; 0 means all.")
    private int maxMessagesPerPoll;
    @UriParam(label = "consumer", defaultValue = "0",
              description = "Largest message, in octets by LIST, that is retrieved; 0 means no limit. A larger one is not "
                      + "retrieved and never deleted: its header (TOP n 0) is archived once as a headers-only record "
                      + "with a problem naming its size and the limit, and goes to the sinks like any message.")
    private long maxMessageSize;
    @UriParam(label = "consumer", defaultValue = "" + DEFAULT_SYNC_BATCH_SIZE,
              description = "Messages whose archive writes are forced to disk and whose keys are confirmed together, "
                      + "at least every 2 seconds; 1 commits every message on its own. Deletion waits for the commit.")
    private int syncBatchSize = DEFAULT_SYNC_BATCH_SIZE;
    @UriParam(label = "consumer", defaultValue = "" + DEFAULT_PROGRESS_INTERVAL_MILLIS,
              description = "Milliseconds between progress lines (N of M messages, MB/s) during a long drain.")
    private long progressInterval = DEFAULT_PROGRESS_INTERVAL_MILLIS;
    @UriParam(label = "consumer", defaultValue = "" + DEFAULT_MAX_FAILURES,
              description = "Times in a row processing the same message may fail (counted across restarts in stateDir) "
                      + "before the next attempt archives it unsplit and sends it to quarantine, so that the mailbox "
                      + "moves on; 0 never gives up on a message.")
    private int maxFailures = DEFAULT_MAX_FAILURES;
    // ScheduledPollEndpoint holds the value; declared here so that the generated metadata shows this default, not 500.
    @UriParam(label = "consumer,scheduler", defaultValue = "" + DEFAULT_DELAY_MILLIS,
              description = "Milliseconds before the next poll.")
    private long delay = DEFAULT_DELAY_MILLIS;
    @UriParam(label = "advanced",
              description = "The clock that decides when after-days deletions are due; replays and tests set their own.")
    private Clock clock = Clock.systemUTC();
    @UriParam(label = "advanced",
              description = "The clock that decides when a failing mailbox is tried again; tests set their own.")
    private Clock backoffClock = Clock.systemUTC();

    private CertificatePins pins;
    private DeletePolicy deletePolicy;
    private boolean ownsRepository;
    /** One factory, so one SSL context, per start: a resumed TLS session was checked (and pinned) when it was made. */
    private SSLSocketFactory socketFactory;
    private Pop3Account account;
    private Pop3AuthMechanism mechanism;
    private OAuth2Client oauth2Client;
    private OAuth2TokenProvider tokenProvider;

    public Pop3IngestEndpoint(String uri, Pop3IngestComponent component) {
        super(uri, component);
        setDelay(DEFAULT_DELAY_MILLIS);
    }

    @Override
    public long getDefaultDelay() {
        return DEFAULT_DELAY_MILLIS;
    }

    @Override
    public void setDelay(long delay) {
        super.setDelay(delay);
        this.delay = delay;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "pop3-ingest only consumes; send mail with the smtp or smtps component");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        validate();
        Pop3IngestConsumer consumer = new Pop3IngestConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Checks the options and fails with a message that names the one to fix. */
    void validate() {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("pop3-ingest needs a host: the POP3 server name, as in pop3-ingest:mail.example.com");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " needs the username option (the maildrop's user)");
        }
        if (security == Pop3Security.PLAIN && !allowPlaintext) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " refuses security=plain: it would send the password "
                    + "and every message in clear. Use pop3s (port 995) or stls, or set allowPlaintext=true to accept the risk");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " port " + port + " is not a TCP port");
        }
        if (syncBatchSize < 1) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " syncBatchSize " + syncBatchSize + " must be 1 or more");
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " maxMessageSize " + maxMessageSize
                    + " must be 0 (no limit) or a number of octets");
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " maxFailures " + maxFailures + " must be 0 "
                    + "(never give up on a message) or more");
        }
        deletePolicy = DeletePolicy.parse(delete, "delete option of pop3-ingest:" + host);
        if (!UIDL_FALLBACK_NONE.equals(uidlFallback) && !UIDL_FALLBACK_MESSAGE_ID.equals(uidlFallback)) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " uidlFallback '" + uidlFallback + "' is not one of "
                    + UIDL_FALLBACK_NONE + ", " + UIDL_FALLBACK_MESSAGE_ID);
        }
        if (idempotentRepository == null && (stateDir == null || stateDir.isBlank())) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " needs idempotentRepository or stateDir, "
                    + "so that processed messages are remembered across restarts");
        }
        if (deletePolicy.needsProcessedTime() && idempotentRepository != null
                && !(idempotentRepository instanceof ProcessedTimestamps)) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " delete=" + deletePolicy + " needs to know when each "
                    + "message was first processed, which " + idempotentRepository.getClass().getName()
                    + " does not record; use the journal repository or delete=after-processing");
        }
        if (maxMessageSize > 0 && deletePolicy.deletes() && holdRepository == null) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " maxMessageSize with delete=" + deletePolicy
                    + " needs a holdRepository: messages over the limit are kept on the server by holding their keys");
        }
        if (truststore != null && !truststore.isBlank()) {
            // Read it now so that a wrong path fails at startup, not at the first poll.
            PemTrustStore.socketFactory(Path.of(truststore), "truststore option of pop3-ingest:" + host);
        }
        pins = null;
        if (pin != null && !pin.isBlank()) {
            if (security == Pop3Security.PLAIN) {
                throw new IllegalArgumentException("pop3-ingest:" + host + " pin needs TLS, but security=plain has none");
            }
            pins = CertificatePins.parse(pin, "pin option of pop3-ingest:" + host);
        }
        if (maxBackoff < 0 || authBackoff < 0) {
            throw new IllegalArgumentException("pop3-ingest:" + host + " maxBackoff and authBackoff are milliseconds, "
                    + "0 or more (maxBackoff=" + maxBackoff + ", authBackoff=" + authBackoff + ")");
        }
        validateAuthentication();
        account = new Pop3Account(host, effectivePort(), username);
    }

    private void validateAuthentication() {
        String where = "pop3-ingest:" + host;
        mechanism = Pop3AuthMechanism.parse(authMechanism == null ? DEFAULT_AUTH_MECHANISM : authMechanism,
                where + " authMechanism");
        boolean tokens = mechanism.usesAccessToken();
        oauth2Client = null;
        if (!tokens) {
            for (String oauthOption : new String[] {oauth2TokenEndpoint, oauth2ClientId, oauth2ClientSecret,
                    oauth2RefreshToken, oauth2Scope}) {
                if (oauthOption != null && !oauthOption.isBlank()) {
                    throw new IllegalArgumentException(where + " has oauth2* options but authMechanism=" + authMechanism
                            + ", which sends the password; set authMechanism=xoauth2 or remove them");
                }
            }
            if (microsoft365) {
                throw new IllegalArgumentException(where + " microsoft365=true needs authMechanism=xoauth2: "
                        + "Microsoft 365 refuses passwords over POP3");
            }
            return;
        }
        if (password != null && !password.isEmpty()) {
            throw new IllegalArgumentException(where + " authMechanism=" + authMechanism + " logs in with an access token "
                    + "from oauth2TokenEndpoint; remove the password option");
        }
        if (oauth2TokenEndpoint == null || oauth2TokenEndpoint.isBlank()) {
            throw new IllegalArgumentException(where + " authMechanism=" + authMechanism + " needs oauth2TokenEndpoint, "
                    + "the URL of the token endpoint that issues its access tokens");
        }
        URI endpointUri;
        try {
            endpointUri = new URI(oauth2TokenEndpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " oauth2TokenEndpoint is not a URL: " + e.getReason());
        }
        String scheme = endpointUri.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || endpointUri.getHost() == null) {
            throw new IllegalArgumentException(where + " oauth2TokenEndpoint '" + oauth2TokenEndpoint
                    + "' is not an http(s) URL with a host");
        }
        if (oauth2ClientId == null || oauth2ClientId.isBlank()) {
            throw new IllegalArgumentException(where + " authMechanism=" + authMechanism + " needs oauth2ClientId, "
                    + "the client registered at the token endpoint");
        }
        boolean refresh = oauth2RefreshToken != null && !oauth2RefreshToken.isBlank();
        if (!refresh && (oauth2ClientSecret == null || oauth2ClientSecret.isBlank())) {
            throw new IllegalArgumentException(where + " needs oauth2ClientSecret for the client_credentials grant, "
                    + "or oauth2RefreshToken for the refresh_token grant");
        }
        oauth2Client = new OAuth2Client(endpointUri, oauth2ClientId, blankToNull(oauth2ClientSecret),
                blankToNull(oauth2RefreshToken), blankToNull(oauth2Scope));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    protected void doStart() throws Exception {
        validate();
        if (idempotentRepository == null) {
            idempotentRepository = new JournalIdempotentRepository(Path.of(stateDir));
            ownsRepository = true;
        }
        ServiceHelper.startService(idempotentRepository, holdRepository);
        Path spool = spoolPath();
        Files.createDirectories(spool);
        if (!Files.isWritable(spool)) {
            throw new IllegalArgumentException("Spool directory " + spool + " of pop3-ingest:" + host + " is not writable");
        }
        socketFactory = security == Pop3Security.PLAIN ? null : TlsSocketFactories.socketFactory(
                truststore != null && !truststore.isBlank() ? Path.of(truststore) : null, pins,
                host + ":" + effectivePort(), "truststore option of pop3-ingest:" + host);
        // One provider per start, so a restarted route never reuses a token cached before a configuration change.
        tokenProvider = oauth2Client == null ? null : new OAuth2TokenProvider(oauth2Client,
                Duration.ofMillis(connectTimeout), Duration.ofMillis(readTimeout), Clock.systemUTC(),
                OAuth2TokenProvider.DEFAULT_REFRESH_MARGIN);
        if (tokenProvider != null && refreshTokenStore != null) {
            ServiceHelper.startService(refreshTokenStore);
            tokenProvider.withStore(refreshTokenStore);
        } else if (tokenProvider != null && stateDir != null && !stateDir.isBlank()) {
            tokenProvider.withStore(new FileRefreshTokenStore(Path.of(stateDir, FileRefreshTokenStore.FILE_NAME)));
        }
        LOG.info("POP3 ingest of {} ({}, auth {}{}), delete={}, repository={}", account,
                security.name().toLowerCase(Locale.ROOT), mechanism.name().toLowerCase(Locale.ROOT),
                oauth2Client == null ? "" : " with tokens from " + oauth2Client, deletePolicy,
                idempotentRepository.getClass().getSimpleName());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (ownsRepository) {
            ServiceHelper.stopService(idempotentRepository);
        }
        ServiceHelper.stopService(refreshTokenStore);
    }

    Path spoolPath() {
        if (spoolDir != null && !spoolDir.isBlank()) {
            return Path.of(spoolDir);
        }
        if (stateDir != null && !stateDir.isBlank()) {
            return Path.of(stateDir, SPOOL_DIR_NAME);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "camel-pop3-ingest", SPOOL_DIR_NAME);
    }

    int effectivePort() {
        return port > 0 ? port : security.defaultPort();
    }

    /**
     * Opens a new session and logs in; the caller quits or closes it. With OAuth 2.0, a rejected access token is
     * renewed and the login tried once more.
     */
    Pop3Connection connect() throws IOException {
        if (tokenProvider == null) {
            return connect(password == null ? "" : password);
        }
        return tokenProvider.withAccessToken(this::connect);
    }

    private Pop3Connection connect(String secret) throws IOException {
        Pop3Connection connection = Pop3Connection.open(new Pop3ConnectionSettings(host, effectivePort(), security,
                socketFactory, connectTimeout, readTimeout));
        try {
            connection.login(new Pop3Credentials(username, mechanism, secret, microsoft365));
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The access-token source of xoauth2, once started; null for password logins. */
    OAuth2TokenProvider tokenProvider() {
        return tokenProvider;
    }

    /** The account; also before the endpoint starts (a standby instance in cluster mode never starts it). */
    public Pop3Account getAccount() {
        if (account == null && host != null && !host.isBlank() && username != null && !username.isBlank()) {
            return new Pop3Account(host, effectivePort(), username);
        }
        return account;
    }

    public DeletePolicy getDeletePolicy() {
        return deletePolicy;
    }

    public int getSyncBatchSize() {
        return syncBatchSize;
    }

    public void setSyncBatchSize(int syncBatchSize) {
        this.syncBatchSize = syncBatchSize;
    }

    public int getMaxFailures() {
        return maxFailures;
    }

    public void setMaxFailures(int maxFailures) {
        this.maxFailures = maxFailures;
    }

    public long getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public String getAuthMechanism() {
        return authMechanism;
    }

    public void setAuthMechanism(String authMechanism) {
        this.authMechanism = authMechanism;
    }

    public String getOauth2TokenEndpoint() {
        return oauth2TokenEndpoint;
    }

    public void setOauth2TokenEndpoint(String oauth2TokenEndpoint) {
        this.oauth2TokenEndpoint = oauth2TokenEndpoint;
    }

    public String getOauth2ClientId() {
        return oauth2ClientId;
    }

    public void setOauth2ClientId(String oauth2ClientId) {
        this.oauth2ClientId = oauth2ClientId;
    }

    public String getOauth2ClientSecret() {
        return oauth2ClientSecret;
    }

    public void setOauth2ClientSecret(String oauth2ClientSecret) {
        this.oauth2ClientSecret = oauth2ClientSecret;
    }

    public String getOauth2RefreshToken() {
        return oauth2RefreshToken;
    }

    public void setOauth2RefreshToken(String oauth2RefreshToken) {
        this.oauth2RefreshToken = oauth2RefreshToken;
    }

    public RefreshTokenStore getRefreshTokenStore() {
        return refreshTokenStore;
    }

    public void setRefreshTokenStore(RefreshTokenStore refreshTokenStore) {
        this.refreshTokenStore = refreshTokenStore;
    }

    public String getOauth2Scope() {
        return oauth2Scope;
    }

    public void setOauth2Scope(String oauth2Scope) {
        this.oauth2Scope = oauth2Scope;
    }

    public boolean isMicrosoft365() {
        return microsoft365;
    }

    public void setMicrosoft365(boolean microsoft365) {
        this.microsoft365 = microsoft365;
    }

    public String getPin() {
        return pin;
    }

    public void setPin(String pin) {
        this.pin = pin;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public long getAuthBackoff() {
        return authBackoff;
    }

    public void setAuthBackoff(long authBackoff) {
        this.authBackoff = authBackoff;
    }

    public Clock getBackoffClock() {
        return backoffClock;
    }

    public void setBackoffClock(Clock backoffClock) {
        this.backoffClock = backoffClock;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Pop3Security getSecurity() {
        return security;
    }

    public void setSecurity(Pop3Security security) {
        this.security = security;
    }

    public boolean isAllowPlaintext() {
        return allowPlaintext;
    }

    public void setAllowPlaintext(boolean allowPlaintext) {
        this.allowPlaintext = allowPlaintext;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        // The intake route template passes an empty value for a mailbox that logs in with a token.
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public String getTruststore() {
        return truststore;
    }

    public void setTruststore(String truststore) {
        this.truststore = truststore;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(int readTimeout) {
        this.readTimeout = readTimeout;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public IdempotentRepository getHoldRepository() {
        return holdRepository;
    }

    public void setHoldRepository(IdempotentRepository holdRepository) {
        this.holdRepository = holdRepository;
    }

    public String getStateDir() {
        return stateDir;
    }

    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    public String getSpoolDir() {
        return spoolDir;
    }

    public void setSpoolDir(String spoolDir) {
        this.spoolDir = spoolDir;
    }

    public String getDelete() {
        return delete;
    }

    public void setDelete(String delete) {
        this.delete = delete;
    }

    public String getUidlFallback() {
        return uidlFallback;
    }

    public void setUidlFallback(String uidlFallback) {
        this.uidlFallback = uidlFallback;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }
}
