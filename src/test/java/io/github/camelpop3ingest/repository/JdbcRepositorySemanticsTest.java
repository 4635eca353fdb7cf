package io.github.camelpop3ingest.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.testing.ManualClock;
import io.github.camelpop3ingest.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL repository against a real server: add reserves, confirmAll stores with the first confirmation time,
 * remove forgets, two instances (two repositories on one table) see each other's keys, and the repositories of one
 * table stay apart.
 */
class JdbcRepositorySemanticsTest {

    private static final String ALICE_1 = "alice@mail.example.com:995#0000001a5f3c9e2b";
    private static final String ALICE_2 = "alice@mail.example.com:995#0000001a5f3c9e2c";
    private static final String BOB_1 = "bob@mail.example.com:995#UID-ünïcødé-1";

    @RegisterExtension
    final PostgresServer postgres = new PostgresServer();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00.123Z"));

    private JdbcIdempotentRepository repository(String name) {
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(
                JdbcDatabase.postgres(postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD), name);
        repo.setClock(clock);
        repo.start();
        return repo;
    }

    @Test
    void addReservesInMemoryAndConfirmAllStoresWithTheFirstConfirmationTime() {
        JdbcIdempotentRepository repo = repository(JdbcIdempotentRepository.UIDL);
        try {
            assertThat(repo.contains(ALICE_1)).isFalse();
            assertThat(repo.add(ALICE_1)).isTrue();
            assertThat(repo.add(ALICE_1)).as("a pending key is not added twice").isFalse();
            assertThat(repo.contains(ALICE_1)).isTrue();
            assertThat(repo.processedAt(ALICE_1)).as("pending is not processed").isEmpty();
            assertThat(repo.getSize()).as("pending keys stay in memory").isZero();

            assertThat(repo.remove(ALICE_1)).isTrue();
            assertThat(repo.contains(ALICE_1)).isFalse();

            repo.add(ALICE_1);
            repo.add(ALICE_2);
            Instant first = clock.instant();
            repo.confirmAll(List.of(ALICE_1, ALICE_2, BOB_1));
            assertThat(repo.getPendingSize()).isZero();
            assertThat(repo.getSize()).isEqualTo(3);
            assertThat(repo.add(ALICE_1)).as("a confirmed key is not added again").isFalse();
            assertThat(repo.processedAt(BOB_1)).contains(first);

            clock.advance(Duration.ofDays(3));
            repo.confirmAll(List.of(ALICE_1));
            assertThat(repo.confirm(ALICE_2)).isTrue();
            assertThat(repo.processedAt(ALICE_1)).as("the first confirmation counts").contains(first);
            assertThat(repo.processedAt(ALICE_2)).contains(first);

            assertThat(repo.remove(ALICE_2)).isTrue();
            assertThat(repo.contains(ALICE_2)).isFalse();
            assertThat(repo.processedAt(ALICE_2)).isEmpty();
            assertThat(repo.remove(ALICE_2)).as("an unknown key").isFalse();
        } finally {
            repo.stop();
        }
    }

    @Test
    void anotherInstanceSeesConfirmedKeysButNotPendingOnesAndRepositoriesStayApart() {
        JdbcIdempotentRepository first = repository(JdbcIdempotentRepository.UIDL);
        JdbcIdempotentRepository second = repository(JdbcIdempotentRepository.UIDL);
        JdbcIdempotentRepository hold = repository(JdbcIdempotentRepository.HOLD);
        try {
            first.add(ALICE_1);
            assertThat(second.contains(ALICE_1)).as("a reservation is the instance's own").isFalse();
            first.confirmAll(List.of(ALICE_1));
            assertThat(second.contains(ALICE_1)).isTrue();
            assertThat(second.add(ALICE_1)).isFalse();
            assertThat(hold.contains(ALICE_1)).isFalse();

            hold.add(BOB_1);
            hold.confirm(BOB_1);
            hold.clear();
            assertThat(hold.contains(BOB_1)).isFalse();
            assertThat(first.contains(ALICE_1)).as("clear empties one repository only").isTrue();
        } finally {
            first.stop();
            second.stop();
            hold.stop();
        }
    }

    @Test
    void invoiceDuplicatesOfTwoInstancesAgreeOnTheFirstMessage() {
        JdbcFirstSeenStore one = new JdbcFirstSeenStore(
                JdbcDatabase.postgres(postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD),
                JdbcFirstSeenStore.INVOICES);
        JdbcFirstSeenStore other = new JdbcFirstSeenStore(
                JdbcDatabase.postgres(postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD),
                JdbcFirstSeenStore.INVOICES);
        InvoiceDuplicates a = new InvoiceDuplicates(one);
        InvoiceDuplicates b = new InvoiceDuplicates(other);
        a.start();
        b.start();
        try {
            assertThat(one.putIfAbsent("DE123|R-1|380|2026-01-02", ALICE_1)).isEqualTo(ALICE_1);
            assertThat(other.putIfAbsent("DE123|R-1|380|2026-01-02", BOB_1)).isEqualTo(ALICE_1);
            assertThat(one.putIfAbsent("DE123|R-1|380|2026-01-02", ALICE_1)).isEqualTo(ALICE_1);
            assertThat(other.putIfAbsent("DE123|R-2|380|2026-01-02", BOB_1)).isEqualTo(BOB_1);
        } finally {
            a.stop();
            b.stop();
        }
    }
}
