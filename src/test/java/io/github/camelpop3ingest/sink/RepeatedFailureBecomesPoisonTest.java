package io.github.camelpop3ingest.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.archive.PoisonMessageException;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import io.github.camelpop3ingest.repository.JournalIdempotentRepository;
import io.github.camelpop3ingest.testing.HostileMails;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message on which a step of the route fails every time is given up after maxFailures failures in a row, counted
 * across a restart: the next attempt marks its envelope, sends it to quarantine and holds it on the server, so the
 * mailbox moves on; the message that works is archived and deleted on the first poll.
 */
class RepeatedFailureBecomesPoisonTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    /** The polls of the context started last that reached the mailbox (a refused login, under load, is no message). */
    private List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private JournalIdempotentRepository hold;

    private DefaultCamelContext start() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        hold = new JournalIdempotentRepository(work.resolve("state").resolve("hold"));
        QuarantineWriter quarantine = new QuarantineWriter();
        quarantine.setQuarantineDir(work.resolve("quarantine").toString());
        quarantine.setHoldRepository(hold);
        context.getRegistry().bind("holdRepository", hold);
        context.getRegistry().bind("quarantine", quarantine);
        context.getRegistry().bind("archiveWriter", new ArchiveWriter(work.resolve("archive")));
        List<Pop3PollResult> mine = new CopyOnWriteArrayList<>();
        polls = mine;
        context.getRegistry().bind("pollListener", (Pop3PollListener) (account, result, failure) -> {
            if (failure == null) {
                mine.add(result);
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(PoisonMessageException.class).handled(true).bean("quarantine");
                from("pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + work.resolve("state")
                        + "&holdRepository=#holdRepository&delete=after-processing&maxFailures=3"
                        + "&initialDelay=0&delay=100").routeId("intake")
                        .bean("archiveWriter")
                        .process(exchange -> {
                            if ("broken".equals(ArchiveWriter.envelopeOf(exchange).subject())) {
                                throw new IllegalStateException("the ERP adapter crashed");
                            }
                        });
            }
        });
        context.start();
        return context;
    }

    @Test
    void theFourthAttemptQuarantinesTheMessageAfterARestart() throws Exception {
        server.deliver(HostileMails.plain("broken"));
        server.deliver(HostileMails.plain("fine"));
        DefaultCamelContext first = start();
        await().until(() -> polls.size() >= 2);
        first.stop();
        hold.stop();
        assertThat(polls.get(0).processed()).isEqualTo(1);
        assertThat(polls.get(0).failed()).isEqualTo(1);
        assertThat(polls.get(1).failed()).isEqualTo(1);
        assertThat(server.messagesOnServer()).isEqualTo(1);

        DefaultCamelContext second = start();
        try {
            // The third failure, then the attempt that gives up, then a poll that finds the message held.
            await().until(() -> polls.size() >= 3);
            assertThat(polls.get(0).failed()).isEqualTo(1);
            assertThat(polls.get(1).failed()).isZero();
            assertThat(polls.get(1).processed()).isEqualTo(1);
            assertThat(polls.get(2).fetched()).isZero();
            assertThat(polls.get(2).skipped()).isEqualTo(1);
            assertThat(polls.get(2).deleted()).isZero();
            assertThat(server.messagesOnServer()).isEqualTo(1);

            QuarantineWriter quarantine = second.getRegistry().lookupByNameAndType("quarantine", QuarantineWriter.class);
            assertThat(quarantine.list()).singleElement().satisfies(folder -> {
                assertThat(quarantine.errorOf(folder).get("message").toString()).isEqualTo("processing of 1 of "
                        + server.account() + " failed: failed 3 times in a row, last: IllegalStateException: the ERP "
                        + "adapter crashed; archived with this problem and quarantined");
                assertThat(new EnvelopeWriter().read(folder).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("processing failed for good: failed 3 times in a row"));
            });
            try (var files = Files.list(work.resolve("state"))) {
                Path counts = files.filter(f -> f.getFileName().toString().startsWith("failures-")).findFirst()
                        .orElseThrow();
                assertThat(Files.readString(counts)).isEqualTo("{}");
            }
        } finally {
            second.stop();
            hold.stop();
        }
    }
}
