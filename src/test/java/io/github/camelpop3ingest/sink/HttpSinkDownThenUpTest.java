package io.github.camelpop3ingest.sink;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A receiver that is down, then overloaded, then healthy gets every message at least once, none lost. */
class HttpSinkDownThenUpTest {

    private static final int MESSAGES = 5;

    @TempDir
    Path archiveDir;

    private CamelContext context;
    private HttpSink sink;
    private WireMockServer receiver;
    private final AtomicInteger retries = new AtomicInteger();

    @AfterEach
    void stop() {
        sink.stop();
        context.stop();
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void everyMessageArrivesOnceTheReceiverRecovers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        context = new DefaultCamelContext();
        sink = new HttpSink();
        sink.setCamelContext(context);
        sink.setUrl("http://localhost:" + port + "/in");
        sink.setConnectTimeoutMillis(1000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(RetryableDeliveryException.class).maximumRedeliveries(10_000).redeliveryDelay(50)
                        .onRedelivery(exchange -> retries.incrementAndGet());
                from("direct:deliver").routeId("deliver").process(sink);
            }
        });
        context.start();
        sink.start();
        ProducerTemplate template = context.createProducerTemplate();
        List<ArchivedMessage> messages = new ArrayList<>();
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            ArchivedMessage message = ArchivedMessage.writeSmall(archiveDir, "UID-" + i);
            messages.add(message);
            sent.add(template.asyncSend("direct:deliver", message.exchange(context)));
        }

        // Down: nothing listens, every attempt is refused and redelivered.
        await().atMost(Duration.ofSeconds(20)).until(() -> retries.get() >= 2 * MESSAGES);
        receiver = new WireMockServer(wireMockConfig().port(port));
        receiver.stubFor(post(urlPathEqualTo("/in")).willReturn(aResponse().withStatus(503)));
        receiver.start();
        // Overloaded: the server answers, but only 503.
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.getAllServeEvents().size() >= MESSAGES);
        receiver.resetAll();
        receiver.stubFor(post(urlPathEqualTo("/in")).willReturn(aResponse().withStatus(200)));

        for (CompletableFuture<Exchange> future : sent) {
            assertThat(future.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        Set<String> delivered = receiver.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200)
                .map(e -> e.getRequest().getHeader(HttpSink.IDEMPOTENCY_KEY_HEADER)).collect(Collectors.toSet());
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(
                messages.stream().map(ArchivedMessage::key).toList());
    }
}
