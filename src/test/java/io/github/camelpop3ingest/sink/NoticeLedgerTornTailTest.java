package io.github.camelpop3ingest.sink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import io.github.camelpop3ingest.repository.BoundedKeys;
import io.github.camelpop3ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A line torn by a crash and an unreadable line cost only themselves; long invoice numbers make bounded keys. */
class NoticeLedgerTornTailTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-03T13:05:00Z"));

    @Test
    void aTornLastLineIsCutOffAndTheLinesBeforeItAreKept() throws Exception {
        Path file = dir.resolve("notices.jsonl");
        NoticeLedger ledger = new NoticeLedger(file, clock);
        ledger.record(List.of(NoticeLedger.key("A@Supplier.example", "1"), NoticeLedger.key("a@supplier.example", "2")));
        Files.writeString(file, "not json\n{\"key\":\"a@supplier.example|3\",\"at\":\"2026-11-0",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        NoticeLedger reloaded = new NoticeLedger(file, clock);

        assertThat(reloaded.answeredWithin(NoticeLedger.key("a@supplier.example", "1"))).isTrue();
        assertThat(reloaded.answeredWithin(NoticeLedger.key("a@supplier.example", "2"))).isTrue();
        assertThat(reloaded.answeredWithin(NoticeLedger.key("a@supplier.example", "3"))).isFalse();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2).allMatch(l -> l.startsWith("{\"key\""));
        reloaded.record(List.of(NoticeLedger.key("a@supplier.example", "3")));
        assertThat(new NoticeLedger(file, clock).size()).isEqualTo(3);
    }

    @Test
    void aSenderChosenInvoiceNumberOfAnyLengthMakesABoundedKey() throws Exception {
        String key = NoticeLedger.key("a@supplier.example", "9".repeat(100_000));

        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(BoundedKeys.MAX_BYTES);
        NoticeLedger ledger = new NoticeLedger(dir.resolve("notices.jsonl"), clock);
        ledger.record(List.of(key));
        assertThat(new NoticeLedger(dir.resolve("notices.jsonl"), clock).answeredWithin(key)).isTrue();
    }
}
