package io.github.camelpop3ingest.pop3;

import io.github.camelpop3ingest.repository.RefreshTokenStore;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of a {@code pop3-ingest} endpoint, as set from its URI or in Java; {@link ResolvedPop3Settings#of}
 * checks them together.
 */
@UriParams
public class Pop3IngestConfiguration {

    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_READ_TIMEOUT_MILLIS = 60_000;
    public static final String UIDL_FALLBACK_NONE = "none";
    public static final String UIDL_FALLBACK_MESSAGE_ID = "message-id";
    public static final long DEFAULT_PROGRESS_INTERVAL_MILLIS = 5_000;
    /** Failures in a row of one message before it counts as poison: archived unsplit and quarantined. */
    public static final int DEFAULT_MAX_FAILURES = 3;
    public static final long DEFAULT_MAX_BACKOFF_MILLIS = 15 * 60_000;
    public static final long DEFAULT_AUTH_BACKOFF_MILLIS = 5 * 60_000;
    public static final String DEFAULT_AUTH_MECHANISM = "user";
    public static final int DEFAULT_SYNC_BATCH_SIZE = 256;

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
    private Pop3AuthMechanism authMechanism = Pop3AuthMechanism.USER;
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
              enums = UIDL_FALLBACK_NONE + "," + UIDL_FALLBACK_MESSAGE_ID,
              description = "What to key messages on when the server lacks UIDL: none (fail, naming the server) or message-id (one TOP per message and poll).")
    private Pop3UidlFallback uidlFallback = Pop3UidlFallback.NONE;
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

    public Pop3AuthMechanism getAuthMechanism() {
        return authMechanism;
    }

    public void setAuthMechanism(Pop3AuthMechanism authMechanism) {
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

    public RefreshTokenStore getRefreshTokenStore() {
        return refreshTokenStore;
    }

    public void setRefreshTokenStore(RefreshTokenStore refreshTokenStore) {
        this.refreshTokenStore = refreshTokenStore;
    }

    public String getTruststore() {
        return truststore;
    }

    public void setTruststore(String truststore) {
        this.truststore = truststore;
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

    public Pop3UidlFallback getUidlFallback() {
        return uidlFallback;
    }

    public void setUidlFallback(Pop3UidlFallback uidlFallback) {
        this.uidlFallback = uidlFallback;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getSyncBatchSize() {
        return syncBatchSize;
    }

    public void setSyncBatchSize(int syncBatchSize) {
        this.syncBatchSize = syncBatchSize;
    }

    public long getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    public int getMaxFailures() {
        return maxFailures;
    }

    public void setMaxFailures(int maxFailures) {
        this.maxFailures = maxFailures;
    }
}
