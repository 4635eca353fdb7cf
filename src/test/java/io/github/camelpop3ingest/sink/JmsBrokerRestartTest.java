package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker stopped in the middle of a batch and started again loses no message: sends fail while it is away,
 * Camel's redelivery sends them again, and camel-jms opens a fresh connection for each attempt.
 */
class JmsBrokerRestartTest {

    private static final String QUEUE = "ingest.messages";
    private static final int MESSAGES = 50;

    @TempDir
    Path tmp;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final CamelContext context = new DefaultCamelContext();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        context.close();
        broker.shutdown();
    }

    @Test
    void everyMessageArrivesAtLeastOnceAcrossABrokerRestart() throws Exception {
        broker.setDataDir(tmp.resolve("broker").toString());
        broker.start();
        context.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).maximumRedeliveries(20).redeliveryDelay(200)
                        .onRedelivery(exchange -> failedAttempts.incrementAndGet());
                from("direct:in").routeId("jms-sink")
                        .to("jms:queue:" + QUEUE)
                        .process(exchange -> sent.incrementAndGet());
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();

        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                template.sendBodyAndHeader("direct:in", "{\"n\":" + i + "}",
                        DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER, "alice@localhost:995#" + i);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 10);
        broker.stop();
        // Start again only once a send has actually failed, so the outage is certain to hit the batch.
        await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts.get() >= 2);
        CompletableFuture.runAsync(() -> broker.start()).get(30, TimeUnit.SECONDS);
        batch.get(60, TimeUnit.SECONDS);

        assertThat(sent.get()).isEqualTo(MESSAGES);
        assertThat(receivedKeys()).hasSize(MESSAGES);
    }

    private Set<String> receivedKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection connection = broker.connectionFactory().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(1_000)) {
                keys.add(m.getStringProperty(DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER));
            }
        }
        return keys;
    }
}
