package io.github.camelpop3ingest.main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import io.github.camelpop3ingest.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One instance, 100 mailboxes from a mailbox list: each drained into the archive with a state of its own, one with a
 * wrong password failing alone; and a list with a duplicate maildrop refused at startup, naming both entries.
 */
class ManyMailboxesIT {

    private static final int MAILBOXES = 100;
    private static final int PER_MAILBOX = 2;

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @Test
    void aHundredMailboxesDrainOnceEachAndAFailingOneStallsNone() throws Exception {
        List<String> lines = new ArrayList<>();
        MainJob job = new MainJob(work)
                .env("INGEST_ARCHIVE_DIR", work.resolve("archive").toString())
                .env("INGEST_STATE_DIR", work.resolve("state").toString())
                .env("INGEST_ONCE", "true");
        for (int i = 0; i < MAILBOXES; i++) {
            String login = "box" + i;
            String password = "pw-" + i + "-Kestrel";
            for (int m = 0; m < PER_MAILBOX; m++) {
                server.deliverTo(login, password, TestMessages.text("Mailbox " + i + " message " + m));
            }
            // Half the secrets come from the environment, half from files, as a deployment's secret store gives them.
            String secret;
            if (i % 2 == 0) {
                job.env("BOX" + i + "_PASSWORD", i == 8 ? "not-the-password" : password);
                secret = "env:BOX" + i + "_PASSWORD";
            } else {
                Path file = work.resolve("secrets").resolve(login);
                Files.createDirectories(file.getParent());
                Files.writeString(file, password + "\n");
                secret = "file:" + file;
            }
            lines.add("m" + i + ".host = localhost");
            lines.add("m" + i + ".port = " + server.port());
            lines.add("m" + i + ".username = " + login);
            lines.add("m" + i + ".secret = " + secret);
            lines.add("m" + i + ".truststore = " + RecordingPop3Server.certificate());
        }
        Path list = work.resolve("mailboxes.properties");
        Files.write(list, lines, StandardCharsets.UTF_8);
        job.env("INGEST_MAILBOXES_FILE", list.toString());

        long start = System.nanoTime();
        Process first = job.start("first");
        assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The wrong password makes the run fail (exit 1) but takes nothing from the 99 others.
        assertThat(first.exitValue()).as(job.stderr("first")).isEqualTo(1);
        int good = (MAILBOXES - 1) * PER_MAILBOX;
        assertThat(job.lastLine("first")).as(job.stderr("first")).startsWith("fetched=" + good + " skipped=0 archived=" + good + " failed=0 ");
        assertThat(job.stderr("first")).contains("Login to box8@localhost:" + server.port() + " failed")
                .doesNotContain("not-the-password").doesNotContain("pw-7-Kestrel");
        Path archive = work.resolve("archive");
        try (Stream<Path> accounts = Files.list(archive)) {
            List<Path> dirs = accounts.filter(Files::isDirectory).toList();
            assertThat(dirs).hasSize(MAILBOXES - 1);
            for (Path account : dirs) {
                try (Stream<Path> messages = Files.list(account)) {
                    assertThat(messages.filter(p -> Files.isRegularFile(p.resolve("message.eml"))))
                            .as(account.toString()).hasSize(PER_MAILBOX);
                }
            }
        }
        // Each mailbox keeps its own journal.
        assertThat(work.resolve("state/mailboxes/m0/uidl.journal")).isRegularFile();
        assertThat(work.resolve("state/mailboxes/m99/uidl.journal")).isRegularFile();
        System.out.printf("ManyMailboxesIT: %d mailboxes, %d messages, first drain of the whole job %.1f s%n",
                MAILBOXES, good, seconds);

        Process second = job.start("second");
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(job.lastLine("second")).startsWith("fetched=0 skipped=" + good + " archived=0 failed=0 ");
    }

    @Test
    void aDuplicateMaildropIsRefusedAtStartupNamingBothEntries() throws Exception {
        Path list = work.resolve("mailboxes.properties");
        Files.writeString(list, String.join("\n",
                "sales.host = localhost", "sales.username = box1", "sales.secret = env:SALES_PASSWORD",
                "invoices.host = LOCALHOST", "invoices.username = box1", "invoices.secret = env:SALES_PASSWORD", ""));
        MainJob job = new MainJob(work).env("INGEST_MAILBOXES_FILE", list.toString()).env("SALES_PASSWORD", "x")
                .env("INGEST_STATE_DIR", work.resolve("state").toString())
                .env("INGEST_ARCHIVE_DIR", work.resolve("archive").toString()).env("INGEST_ONCE", "true");
        Process p = job.start("duplicate");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("duplicate")).contains("Configuration error: ingest.mailboxes.file (INGEST_MAILBOXES_FILE)")
                .contains("mailboxes sales and invoices are the same maildrop box1@localhost:995");
    }
}
