package io.github.camelpop3ingest.sink;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages persisted by the embedded broker are still there after it is stopped and started again in the same JVM,
 * here reached over its TCP acceptor.
 */
class EmbeddedBrokerRestartTest {

    private static final String QUEUE = "ingest.restart";

    @TempDir
    Path tmp;

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void stop() throws Exception {
        broker.shutdown();
    }

    @Test
    void persistedMessagesSurviveARestart() throws Exception {
        broker.setDataDir(tmp.resolve("broker").toString());
        broker.setPort(freePort());
        broker.start();
        ConnectionFactory factory = broker.connectionFactory();
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 1; i <= 3; i++) {
                producer.send(session.createTextMessage("message " + i));
            }
        }

        broker.stop();
        broker.start();

        assertThat(broker.connectionFactory()).isSameAs(factory);
        List<String> received = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(500)) {
                received.add(((TextMessage) m).getText());
            }
        }
        assertThat(received).containsExactly("message 1", "message 2", "message 3");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
