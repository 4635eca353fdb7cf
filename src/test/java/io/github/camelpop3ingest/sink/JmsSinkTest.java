package io.github.camelpop3ingest.sink;

import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message sent by camel-jms to the embedded broker arrives persistent, with its idempotency key as a JMS property.
 */
class JmsSinkTest {

    private static final String QUEUE = "ingest.messages";

    @TempDir
    Path tmp;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final CamelContext context = new DefaultCamelContext();

    @BeforeEach
    void startBrokerAndRoute() throws Exception {
        broker.setDataDir(tmp.resolve("broker").toString());
        broker.start();
        context.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId("jms-sink").to("jms:queue:" + QUEUE);
            }
        });
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        broker.shutdown();
    }

    @Test
    void messageArrivesPersistentWithItsIdempotencyKey() throws Exception {
        String event = "{\"idempotencyKey\":\"alice@localhost:995#17\",\"subject\":\"Grüße\"}";
        context.createProducerTemplate().sendBodyAndHeader("direct:in", event,
                DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER, "alice@localhost:995#17");

        try (Connection connection = broker.connectionFactory().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            Message received = consumer.receive(10_000);

            assertThat(received).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) received).getText()).isEqualTo(event);
            assertThat(received.getStringProperty(DeliveryEventBuilder.IDEMPOTENCY_KEY_HEADER))
                    .isEqualTo("alice@localhost:995#17");
            assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(consumer.receiveNoWait()).isNull();
        }
    }
}
