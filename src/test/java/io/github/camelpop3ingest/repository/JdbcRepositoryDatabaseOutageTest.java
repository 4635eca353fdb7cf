package io.github.camelpop3ingest.repository;

import java.util.List;

import io.github.camelpop3ingest.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * While the database is down every call fails with a message naming the database (never its password); once it is
 * back the same repository works again, on a new connection, with what was stored before.
 */
class JdbcRepositoryDatabaseOutageTest {

    private static final String KEY_1 = "alice@mail.example.com:995#1";
    private static final String KEY_2 = "alice@mail.example.com:995#2";

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    @Test
    void callsFailClearlyWhileTheDatabaseIsDownAndWorkAgainWhenItIsBack() {
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(
                JdbcDatabase.postgres(postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD),
                JdbcIdempotentRepository.UIDL);
        repo.start();
        try {
            repo.confirmAll(List.of(KEY_1));
            repo.add(KEY_2);

            postgres.stop();

            String database = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres as ingest";
            assertThatThrownBy(() -> repo.contains(KEY_1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Database " + database + " failed to check a key in repository uidl")
                    .message().doesNotContain(PostgresServer.PASSWORD);
            assertThatThrownBy(() -> repo.confirmAll(List.of(KEY_2))).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Database " + database + " failed to confirm 1 keys in repository uidl")
                    .message().doesNotContain(PostgresServer.PASSWORD);
            assertThatThrownBy(() -> repo.processedAt(KEY_1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(database);

            postgres.start();

            assertThat(repo.contains(KEY_1)).isTrue();
            repo.confirmAll(List.of(KEY_2));
            assertThat(repo.processedAt(KEY_2)).isPresent();
            assertThat(repo.getSize()).isEqualTo(2);
        } finally {
            repo.stop();
        }
    }

    @Test
    void aWrongPasswordIsNamedByUserButNeverShown() {
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(
                JdbcDatabase.postgres(postgres.url() + "?password=leaked-In-Url", PostgresServer.USER, "not-The-Password"),
                JdbcIdempotentRepository.UIDL);
        assertThatThrownBy(repo::start).hasMessageContaining("as ingest")
                .hasMessageContaining("password authentication failed")
                .message().doesNotContain("not-The-Password").doesNotContain("leaked-In-Url");
    }
}
