package io.github.camelpop3ingest.pop3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import io.github.camelpop3ingest.repository.ProcessedTimestamps;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The options of one endpoint once checked together, with what they imply worked out: the account, the port, the
 * delete policy, the trust and the OAuth 2.0 client.
 *
 * @param account      the maildrop, with the effective port
 * @param server       {@code host:port} as the host was written, as messages name the server
 * @param deletePolicy when processed messages are deleted
 * @param mechanism    how to log in
 * @param oauth2Client where access tokens come from, or null for password logins
 * @param truststore   the PEM file to trust instead of the JVM's CAs, or null
 * @param pins         pins the server's certificate must match as well, or null
 * @param spool        where messages are streamed while they are processed
 */
public record ResolvedPop3Settings(Pop3Account account, String server, DeletePolicy deletePolicy,
        Pop3AuthMechanism mechanism, OAuth2Client oauth2Client, Path truststore, CertificatePins pins, Path spool) {

    static final String SPOOL_DIR_NAME = "spool";

    /** Checks the options and fails with a message that names the one to fix. */
    public static ResolvedPop3Settings of(Pop3IngestConfiguration c) {
        String host = c.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("pop3-ingest needs a host: the POP3 server name, as in pop3-ingest:mail.example.com");
        }
        String where = "pop3-ingest:" + host;
        if (c.getUsername() == null || c.getUsername().isBlank()) {
            throw new IllegalArgumentException(where + " needs the username option (the maildrop's user)");
        }
        Pop3Security security = c.getSecurity();
        if (security == Pop3Security.PLAIN && !c.isAllowPlaintext()) {
            throw new IllegalArgumentException(where + " refuses security=plain: it would send the password "
                    + "and every message in clear. Use pop3s (port 995) or stls, or set allowPlaintext=true to accept the risk");
        }
        if (c.getPort() < 0 || c.getPort() > 65535) {
            throw new IllegalArgumentException(where + " port " + c.getPort() + " is not a TCP port");
        }
        if (c.getSyncBatchSize() < 1) {
            throw new IllegalArgumentException(where + " syncBatchSize " + c.getSyncBatchSize() + " must be 1 or more");
        }
        if (c.getMaxMessageSize() < 0) {
            throw new IllegalArgumentException(where + " maxMessageSize " + c.getMaxMessageSize()
                    + " must be 0 (no limit) or a number of octets");
        }
        if (c.getMaxFailures() < 0) {
            throw new IllegalArgumentException(where + " maxFailures " + c.getMaxFailures() + " must be 0 "
                    + "(never give up on a message) or more");
        }
        DeletePolicy deletePolicy = DeletePolicy.parse(c.getDelete(), "delete option of " + where);
        IdempotentRepository repository = c.getIdempotentRepository();
        if (repository == null && isBlank(c.getStateDir())) {
            throw new IllegalArgumentException(where + " needs idempotentRepository or stateDir, "
                    + "so that processed messages are remembered across restarts");
        }
        if (deletePolicy.needsProcessedTime() && repository != null && !(repository instanceof ProcessedTimestamps)) {
            throw new IllegalArgumentException(where + " delete=" + deletePolicy + " needs to know when each "
                    + "message was first processed, which " + repository.getClass().getName()
                    + " does not record; use the journal repository or delete=after-processing");
        }
        if (c.getMaxMessageSize() > 0 && deletePolicy.deletes() && c.getHoldRepository() == null) {
            throw new IllegalArgumentException(where + " maxMessageSize with delete=" + deletePolicy
                    + " needs a holdRepository: messages over the limit are kept on the server by holding their keys");
        }
        Path truststore = isBlank(c.getTruststore()) ? null : Path.of(c.getTruststore());
        if (truststore != null) {
            // Read it now so that a wrong path fails at startup, not at the first poll.
            PemTrustStore.socketFactory(truststore, "truststore option of " + where);
        }
        CertificatePins pins = null;
        if (!isBlank(c.getPin())) {
            if (security == Pop3Security.PLAIN) {
                throw new IllegalArgumentException(where + " pin needs TLS, but security=plain has none");
            }
            pins = CertificatePins.parse(c.getPin(), "pin option of " + where);
        }
        if (c.getMaxBackoff() < 0 || c.getAuthBackoff() < 0) {
            throw new IllegalArgumentException(where + " maxBackoff and authBackoff are milliseconds, "
                    + "0 or more (maxBackoff=" + c.getMaxBackoff() + ", authBackoff=" + c.getAuthBackoff() + ")");
        }
        Pop3AuthMechanism mechanism = c.getAuthMechanism() == null ? Pop3AuthMechanism.USER : c.getAuthMechanism();
        OAuth2Client oauth2Client = oauth2Client(c, mechanism, where);
        int port = effectivePort(c);
        return new ResolvedPop3Settings(new Pop3Account(host, port, c.getUsername()), host + ":" + port, deletePolicy,
                mechanism, oauth2Client, truststore, pins, spool(c));
    }

    /** The configured port, or the default port of the configured security. */
    static int effectivePort(Pop3IngestConfiguration c) {
        return c.getPort() > 0 ? c.getPort() : c.getSecurity().defaultPort();
    }

    private static Path spool(Pop3IngestConfiguration c) {
        if (!isBlank(c.getSpoolDir())) {
            return Path.of(c.getSpoolDir());
        }
        if (!isBlank(c.getStateDir())) {
            return Path.of(c.getStateDir(), SPOOL_DIR_NAME);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "camel-pop3-ingest", SPOOL_DIR_NAME);
    }

    /** The token endpoint's client for xoauth2 and oauthbearer, null for password logins. */
    private static OAuth2Client oauth2Client(Pop3IngestConfiguration c, Pop3AuthMechanism mechanism, String where) {
        String option = "authMechanism=" + mechanism.value();
        if (!mechanism.usesAccessToken()) {
            for (String oauthOption : new String[] {c.getOauth2TokenEndpoint(), c.getOauth2ClientId(),
                    c.getOauth2ClientSecret(), c.getOauth2RefreshToken(), c.getOauth2Scope()}) {
                if (!isBlank(oauthOption)) {
                    throw new IllegalArgumentException(where + " has oauth2* options but " + option
                            + ", which sends the password; set authMechanism=xoauth2 or remove them");
                }
            }
            if (c.isMicrosoft365()) {
                throw new IllegalArgumentException(where + " microsoft365=true needs authMechanism=xoauth2: "
                        + "Microsoft 365 refuses passwords over POP3");
            }
            return null;
        }
        if (c.getPassword() != null && !c.getPassword().isEmpty()) {
            throw new IllegalArgumentException(where + " " + option + " logs in with an access token "
                    + "from oauth2TokenEndpoint; remove the password option");
        }
        String tokenEndpoint = c.getOauth2TokenEndpoint();
        if (isBlank(tokenEndpoint)) {
            throw new IllegalArgumentException(where + " " + option + " needs oauth2TokenEndpoint, "
                    + "the URL of the token endpoint that issues its access tokens");
        }
        URI endpointUri;
        try {
            endpointUri = new URI(tokenEndpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " oauth2TokenEndpoint is not a URL: " + e.getReason());
        }
        String scheme = endpointUri.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || endpointUri.getHost() == null) {
            throw new IllegalArgumentException(where + " oauth2TokenEndpoint '" + tokenEndpoint
                    + "' is not an http(s) URL with a host");
        }
        if (isBlank(c.getOauth2ClientId())) {
            throw new IllegalArgumentException(where + " " + option + " needs oauth2ClientId, "
                    + "the client registered at the token endpoint");
        }
        if (isBlank(c.getOauth2RefreshToken()) && isBlank(c.getOauth2ClientSecret())) {
            throw new IllegalArgumentException(where + " needs oauth2ClientSecret for the client_credentials grant, "
                    + "or oauth2RefreshToken for the refresh_token grant");
        }
        return new OAuth2Client(endpointUri, c.getOauth2ClientId(), blankToNull(c.getOauth2ClientSecret()),
                blankToNull(c.getOauth2RefreshToken()), blankToNull(c.getOauth2Scope()));
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
