package io.github.camelpop3ingest.pop3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelpop3ingest.exchange.CommitPoint;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poll's commit points: the writes that steps registered in the {@link CommitPoint} are forced before any of their
 * messages is confirmed, confirmed together per batch, and only confirmed messages are deleted.
 */
class CommitPointTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path tmp;

    /** What happened, in order: "force:<uidl>" and "confirm:<key>". */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private volatile String failingUidl;
    /** Runs in the force of each message's write, before it is recorded. */
    private volatile ForceHook forceHook = uidl -> {
    };
    /** Messages routed so far, in order. */
    private final List<String> routed = new CopyOnWriteArrayList<>();

    @FunctionalInterface
    private interface ForceHook {
        void run(String uidl) throws IOException;
    }

    private final class RecordingRepository extends MemoryIdempotentRepository {
        @Override
        public boolean confirm(String key) {
            events.add("confirm:" + key);
            return super.confirm(key);
        }
    }

    private CamelContext start(int syncBatchSize) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("repo", new RecordingRepository());
        context.getRegistry().bind("listener", (Pop3PollListener) (account, result, failure) -> {
            polls.add(result);
            if (failure != null) {
                failures.add(failure);
            }
        });
        String uri = "pop3-ingest:localhost?" + server.endpointOptions() + "&idempotentRepository=#repo"
                + "&spoolDir=" + tmp.resolve("spool") + "&delete=after-processing&syncBatchSize=" + syncBatchSize
                + "&delay=200&initialDelay=0";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(exchange -> {
                    String uidl = exchange.getIn().getHeader(IngestExchange.UIDL, String.class);
                    routed.add(uidl);
                    IngestExchange.commitPoint(exchange).add(uidl, () -> {
                        forceHook.run(uidl);
                        if (uidl.equals(failingUidl)) {
                            throw new IOException("disk full");
                        }
                        events.add("force:" + uidl);
                    });
                });
            }
        });
        context.start();
        return context;
    }

    /** The UIDLs on the server in the order the consumer retrieves them: GreenMail numbers its messages upwards. */
    private List<String> uidlsInOrder() {
        return server.uidlsOnServer().stream().sorted(Comparator.comparingInt(Integer::parseInt)).toList();
    }

    /**
     * The first poll is reported (a broken session must not swallow the report) with the failed batch of two named;
     * the other two messages were confirmed, the failed batch was not and stays on the server.
     */
    private void assertFirstPollFailedOn(List<String> batch) {
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
        assertThat(failures).first().satisfies(e -> assertThat(e).hasMessageContaining("disk full")
                .hasMessageContaining("2 messages of " + server.account()));
        assertThat(polls.get(0).processed()).isEqualTo(2);
        assertThat(server.uidlsOnServer()).containsAll(batch);
        for (String uidl : batch) {
            assertThat(events).doesNotContain("confirm:" + server.account() + "#" + uidl);
        }
    }

    private int index(String event) {
        int i = events.indexOf(event);
        assertThat(i).as("event %s in %s", event, events).isNotNegative();
        return i;
    }

    @Test
    void writesAreForcedBeforeTheirMessagesAreConfirmedAndConfirmedInBatches() throws Exception {
        server.deliverText(5);
        List<String> uidls = List.copyOf(server.uidlsOnServer());
        CamelContext context = start(2);
        try {
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
        } finally {
            context.stop();
        }
        assertThat(failures).isEmpty();
        assertThat(polls.get(0).processed()).isEqualTo(5);
        assertThat(events).hasSize(10);
        for (String uidl : uidls) {
            assertThat(index("force:" + uidl)).isLessThan(index("confirm:" + server.account() + "#" + uidl));
        }
        // Batches of two: the first confirm waits for the second message's force.
        assertThat(events.subList(0, 2)).allMatch(e -> e.startsWith("force:"));
        assertThat(server.count("DELE")).isEqualTo(5);
        assertThat(server.messagesOnServer()).isZero();
    }

    @Test
    void aFailedForceConfirmsAndDeletesNothingOfItsBatchAndTheMessagesAreFetchedAgain() throws Exception {
        server.deliverText(3);
        failingUidl = server.uidlsOnServer().iterator().next();
        CamelContext context = start(10);
        try {
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
            assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("disk full")
                    .hasMessageContaining("3 messages of " + server.account()));
            assertThat(polls.get(0).processed()).isZero();
            assertThat(events).noneMatch(e -> e.startsWith("confirm:"));
            assertThat(server.count("DELE")).isZero();
            assertThat(server.messagesOnServer()).isEqualTo(3);

            failingUidl = null;
            await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> polls.stream().mapToInt(Pop3PollResult::processed).sum() == 3);
        } finally {
            context.stop();
        }
        assertThat(server.count("RETR")).isEqualTo(6);
        assertThat(server.messagesOnServer()).isZero();
    }

    @Test
    void aBatchIsForcedWhileTheNextMessagesAreRoutedAndConfirmedOnlyAfterItsForces() throws Exception {
        server.deliverText(6);
        List<String> uidls = uidlsInOrder();
        // The first batch's forces finish only once the fourth message has been routed: with forces run on the poll's
        // path, the fourth message would never come and the force would give up.
        CountDownLatch fourthRouted = new CountDownLatch(1);
        forceHook = uidl -> {
            if (routed.size() >= 4) {
                fourthRouted.countDown();
            }
            if (uidls.subList(0, 2).contains(uidl)) {
                try {
                    if (!fourthRouted.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("the next messages were not routed while " + uidl + " was forced");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        };
        Thread watcher = new Thread(() -> {
            while (fourthRouted.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                if (routed.size() >= 4) {
                    fourthRouted.countDown();
                }
                Thread.onSpinWait();
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        CamelContext context = start(2);
        try {
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !polls.isEmpty());
        } finally {
            context.stop();
            watcher.interrupt();
        }
        assertThat(failures).isEmpty();
        assertThat(polls.get(0).processed()).isEqualTo(6);
        for (String uidl : uidls) {
            assertThat(index("force:" + uidl)).isLessThan(index("confirm:" + server.account() + "#" + uidl));
        }
        assertThat(server.count("DELE")).isEqualTo(6);
    }

    @Test
    void aBatchWhoseForceFailsWhileTheNextIsRoutedIsNeitherConfirmedNorDeletedAndComesAgain() throws Exception {
        // The batch routed meanwhile is confirmed; the failed one stays on the server for the next poll.
        aFailedForceOfTheBatchStartingAt(0);
    }

    @Test
    void aFailedForceAfterAConfirmedBatchKeepsTheConfirmedOnesAndReportsThePoll() throws Exception {
        aFailedForceOfTheBatchStartingAt(2);
    }

    /**
     * Four messages in batches of two; the force of the message at {@code first} fails in the first poll, whose
     * batch is then neither confirmed nor deleted, and every message is processed once the disk is back.
     */
    private void aFailedForceOfTheBatchStartingAt(int first) throws Exception {
        server.deliverText(4);
        List<String> uidls = uidlsInOrder();
        failingUidl = uidls.get(first);
        CamelContext context = start(2);
        try {
            assertFirstPollFailedOn(uidls.subList(first, first + 2));

            failingUidl = null;
            await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> polls.stream().mapToInt(Pop3PollResult::processed).sum() == 4);
        } finally {
            context.stop();
        }
        assertThat(server.messagesOnServer()).isZero();
        for (String uidl : uidls) {
            assertThat(events).contains("confirm:" + server.account() + "#" + uidl);
        }
    }
}
