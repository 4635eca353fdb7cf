package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLSocketFactory;

import io.github.camelpop3ingest.repository.RefreshTokenStore;

/**
 * Opens logged-in sessions of one maildrop: TLS trust and pins, the access token when the login needs one, connect
 * (with STLS, CAPA and LOGIN-DELAY, see {@link Pop3Connection#open}) and login; the POP3 protocol stays in
 * {@link Pop3Connection}.
 */
final class Pop3SessionOpener {

    private final Pop3ConnectionSettings connection;
    private final String username;
    private final String password;
    private final Pop3AuthMechanism mechanism;
    private final boolean microsoft365;
    private final OAuth2TokenProvider tokenProvider;

    /**
     * One opener per start of the endpoint: one socket factory, so one SSL context (a resumed TLS session was checked
     * and pinned when it was made), and one token provider, so a restarted route never reuses a token cached before a
     * configuration change.
     *
     * @param refreshTokenStore where rotated refresh tokens are kept, or null for the file in stateDir (if any)
     */
    Pop3SessionOpener(ResolvedPop3Settings settings, Pop3IngestConfiguration configuration,
            RefreshTokenStore refreshTokenStore) {
        Pop3Account account = settings.account();
        Pop3Security security = configuration.getSecurity();
        SSLSocketFactory socketFactory = security == Pop3Security.PLAIN ? null : TlsSocketFactories.socketFactory(
                settings.truststore(), settings.pins(), settings.server(),
                "truststore option of pop3-ingest:" + configuration.getHost());
        this.connection = new Pop3ConnectionSettings(configuration.getHost(), account.port(), security, socketFactory,
                configuration.getConnectTimeout(), configuration.getReadTimeout());
        this.username = configuration.getUsername();
        this.password = configuration.getPassword() == null ? "" : configuration.getPassword();
        this.mechanism = settings.mechanism();
        this.microsoft365 = configuration.isMicrosoft365();
        this.tokenProvider = settings.oauth2Client() == null ? null : tokenProvider(settings.oauth2Client(),
                configuration, refreshTokenStore);
    }

    private static OAuth2TokenProvider tokenProvider(OAuth2Client client, Pop3IngestConfiguration configuration,
            RefreshTokenStore refreshTokenStore) {
        OAuth2TokenProvider provider = new OAuth2TokenProvider(client,
                Duration.ofMillis(configuration.getConnectTimeout()), Duration.ofMillis(configuration.getReadTimeout()),
                Clock.systemUTC(), OAuth2TokenProvider.DEFAULT_REFRESH_MARGIN);
        if (refreshTokenStore != null) {
            provider.withStore(refreshTokenStore);
        } else if (!ResolvedPop3Settings.isBlank(configuration.getStateDir())) {
            provider.withStore(new FileRefreshTokenStore(Path.of(configuration.getStateDir(),
                    FileRefreshTokenStore.FILE_NAME)));
        }
        return provider;
    }

    /**
     * Opens a new session and logs in; the caller quits or closes it. With OAuth 2.0, a rejected access token is
     * renewed and the login tried once more.
     */
    Pop3Connection open() throws IOException {
        if (tokenProvider == null) {
            return open(password);
        }
        return tokenProvider.withAccessToken(this::open);
    }

    private Pop3Connection open(String secret) throws IOException {
        Pop3Connection session = Pop3Connection.open(connection);
        try {
            session.login(new Pop3Credentials(username, mechanism, secret, microsoft365));
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
