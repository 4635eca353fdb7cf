package io.github.camelpop3ingest.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelpop3ingest.testing.HostileMails;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An archive attempt that fails after the spooled message was moved into its temporary folder puts the bytes back:
 * Camel's redelivery of the same exchange then archives the message, instead of failing with NoSuchFileException
 * for the spool file after removing the first attempt's folder as a leftover.
 */
class ArchiveRetryKeepsSpooledBytesTest {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    private final CamelContext context = new DefaultCamelContext();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void theRedeliveryArchivesTheMessageOnceTheCauseIsGone() throws Exception {
        byte[] mail = HostileMails.plain("retried");
        server.deliver(mail);
        String uidl = server.uidlsOnServer().iterator().next();
        Path accountDir = work.resolve("archive").resolve(ArchiveNames.encode(server.account()));
        Files.createDirectories(accountDir);
        // A file where the message's folder goes: the rename into place fails after everything else was done.
        Path blocker = Files.writeString(accountDir.resolve(ArchiveNames.encode(uidl)), "in the way");

        context.getRegistry().bind("archiveWriter", new ArchiveWriter(work.resolve("archive")));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(0)
                        .onRedelivery(exchange -> {
                            failures.add(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
                            Files.deleteIfExists(blocker);
                        }));
                from("pop3-ingest:localhost?" + server.endpointOptions() + "&stateDir=" + work.resolve("state")
                        + "&initialDelay=0&delay=200").routeId("intake")
                        .bean("archiveWriter");
            }
        });
        context.start();

        Path eml = accountDir.resolve(ArchiveNames.encode(uidl)).resolve(ArchiveWriter.MESSAGE_FILE);
        await().until(() -> Files.isRegularFile(eml.resolveSibling("envelope.json")));
        assertThat(Files.readAllBytes(eml)).isEqualTo(mail);
        assertThat(failures).singleElement().asString()
                .startsWith("archive of " + uidl + " of " + server.account() + " failed: ")
                .doesNotContain("NoSuchFileException");
        try (var left = Files.list(accountDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(ArchiveNames.encode(uidl));
        }
    }
}
