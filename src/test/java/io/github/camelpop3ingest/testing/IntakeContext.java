package io.github.camelpop3ingest.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.pop3.Pop3PollListener;
import io.github.camelpop3ingest.pop3.Pop3PollResult;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import static org.awaitility.Awaitility.await;

/**
 * A CamelContext with one route from a pop3-ingest endpoint into the archive writer, and the results of its polls.
 */
public final class IntakeContext implements AutoCloseable, Pop3PollListener {

    private final CamelContext context = new DefaultCamelContext();
    private final List<Pop3PollResult> polls = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    /**
     * @param uri the pop3-ingest endpoint URI
     */
    public static IntakeContext start(String uri, Path archiveDir) throws Exception {
        return start(uri, archiveDir, null, null);
    }

    /** As {@link #start(String, Path)}, with one more bean in the registry (skipped when its name is null). */
    public static IntakeContext start(String uri, Path archiveDir, String beanName, Object bean) throws Exception {
        return start(uri, new ArchiveWriter(archiveDir), beanName, bean);
    }

    /** As {@link #start(String, Path)}, with an archive writer configured by the test. */
    public static IntakeContext start(String uri, ArchiveWriter archiveWriter, String beanName, Object bean)
            throws Exception {
        IntakeContext ic = new IntakeContext();
        if (beanName != null) {
            ic.context.getRegistry().bind(beanName, bean);
        }
        ic.context.getRegistry().bind("pollListener", ic);
        ic.context.getRegistry().bind("archiveWriter", archiveWriter);
        ic.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("intake").bean("archiveWriter");
            }
        });
        ic.context.start();
        return ic;
    }

    public CamelContext context() {
        return context;
    }

    @Override
    public void pollFinished(Pop3Account account, Pop3PollResult result, Exception failure) {
        polls.add(result);
        if (failure != null) {
            failures.add(failure);
        }
    }

    public List<Pop3PollResult> polls() {
        return List.copyOf(polls);
    }

    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code n} polls have ended and returns the last. */
    public Pop3PollResult awaitPolls(int n) {
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> polls.size() >= n);
        return polls.get(n - 1);
    }

    /** Total messages processed over all polls so far. */
    public int processed() {
        return polls.stream().mapToInt(Pop3PollResult::processed).sum();
    }

    @Override
    public void close() {
        context.stop();
    }
}
