package io.github.camelpop3ingest.pop3;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchanges of an async route complete on other threads than the poll's: every completion and every failure their
 * callbacks report reaches the next commit point and the poll's counts, none lost to a race.
 */
class CompletionsOnOtherThreadsAreAllCountedTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @Test
    void everyCallbackIsCountedAndEveryCompletedKeyConfirmed() throws Exception {
        Pop3Account account = new Pop3Account("localhost", 995, "alice");
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        // Unbounded: the default keeps only the last 1000 keys.
        MemoryIdempotentRepository repository = new MemoryIdempotentRepository(new HashMap<>()) {
            @Override
            public boolean confirm(String key) {
                confirmed.add(key);
                return super.confirm(key);
            }
        };
        repository.start();
        Pop3PollStatistics statistics = new Pop3PollStatistics(account, 60_000);
        Pop3OnCompletion completion = new Pop3OnCompletion(account, repository, null, new RepeatedFailures(null, 3),
                new Pop3Deletions(account, DeletePolicy.parse("keep", "delete"), repository, null),
                new Pop3WaitingMessages(), statistics, Integer.MAX_VALUE, null);
        List<Pop3MessageRef> messages = new ArrayList<>();
        for (int n = 1; n <= THREADS * PER_THREAD; n++) {
            Pop3MessageRef message = new Pop3MessageRef(n, account.key("uid-" + n));
            assertThat(repository.add(message.stored())).isTrue();
            messages.add(message);
        }

        CamelContext camel = new DefaultCamelContext();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                List<Pop3MessageRef> mine = messages.subList(t * PER_THREAD, (t + 1) * PER_THREAD);
                running.add(threads.submit(() -> {
                    start.await();
                    for (Pop3MessageRef message : mine) {
                        Synchronization sync = completion.of(message, null, 100, false);
                        Exchange exchange = new DefaultExchange(camel);
                        // Every tenth message fails; the others complete.
                        if (message.number() % 10 == 0) {
                            exchange.setException(new IllegalStateException("sink down"));
                            sync.onFailure(exchange);
                        } else {
                            sync.onComplete(exchange);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        completion.commit();

        int failed = THREADS * PER_THREAD / 10;
        Pop3PollResult result = statistics.result();
        assertThat(result.processed()).isEqualTo(THREADS * PER_THREAD - failed);
        assertThat(result.failed()).isEqualTo(failed);
        Set<Integer> released = Set.copyOf(messages.stream().filter(m -> m.number() % 10 == 0)
                .map(Pop3MessageRef::number).toList());
        for (Pop3MessageRef message : messages) {
            boolean completed = !released.contains(message.number());
            assertThat(repository.contains(message.stored())).as(message.stored()).isEqualTo(completed);
            assertThat(confirmed.contains(message.stored())).as(message.stored()).isEqualTo(completed);
        }
    }
}
