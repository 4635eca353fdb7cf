package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process ActiveMQ Artemis broker with a persistent journal, used as the JMS sink when no broker URL is
 * configured.
 * <p>
 * Clients in this JVM connect in-VM; {@link #setPort(int)} also opens a TCP acceptor on 127.0.0.1 for other
 * processes. Security and JMX are off because nothing outside this host can reach it. The broker can be stopped and
 * started again in the same JVM; messages that were persisted survive.
 */
@ManagedResource(description = "Embedded Artemis JMS broker")
public class EmbeddedBroker extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "embeddedBroker";
    /** {@link #setPort(int)} value that opens no TCP acceptor. */
    public static final int NO_TCP_PORT = 0;
    /** Where the journal goes when no data directory is set, relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "state/broker";
    /** Address that receives messages a consumer could not take after the broker's delivery attempts. */
    public static final String DEAD_LETTER_ADDRESS = "DLQ";
    /** Address that receives messages whose sender gave them a time to live that ran out. */
    public static final String EXPIRY_ADDRESS = "ExpiryQueue";
    /** Host the TCP acceptor binds to: only local processes may connect, since security is off. */
    public static final String TCP_HOST = "127.0.0.1";

    private static final long CONNECT_RETRY_INTERVAL_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** In-VM acceptors are addressed by a JVM-wide number, so two brokers in one JVM (tests) must not share one. */
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger();

    private final int serverId = NEXT_SERVER_ID.getAndIncrement();
    private Path dataDir = Path.of(DEFAULT_DATA_DIR);
    private int port = NO_TCP_PORT;
    private EmbeddedActiveMQ server;
    private ActiveMQConnectionFactory connectionFactory;

    public EmbeddedBroker() {
    }

    public EmbeddedBroker(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    protected void doStart() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("EmbeddedBroker port " + port + " is not a TCP port (0 opens none)");
        }
        EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
        starting.setConfiguration(configuration());
        starting.start();
        server = starting;
        if (connectionFactory == null) {
            // Kept across restarts: routes hold on to it, and every connection it makes finds the restarted broker.
            connectionFactory = new ActiveMQConnectionFactory(clientUrl());
            // Artemis' defaults, spelled out because the sink's guarantee rests on them: a durable send waits for the
            // broker's persistence confirmation, and a connection that breaks is not silently re-attached; the
            // send fails and Camel's redelivery, which counts and logs attempts, sends again on a fresh connection.
            connectionFactory.setBlockOnDurableSend(true);
            connectionFactory.setReconnectAttempts(0);
            // A connection attempt to a stopped broker waits one retry interval before it fails (2 s by default);
            // in-VM there is nothing to wait for, and Camel's redelivery delay already paces the attempts.
            connectionFactory.setRetryInterval(CONNECT_RETRY_INTERVAL_MILLIS);
        }
        LOG.info("Embedded JMS broker started: journal in {}, {}", dataDir.toAbsolutePath(),
                port == NO_TCP_PORT ? "in-VM only" : "in-VM and tcp://" + TCP_HOST + ":" + port);
    }

    private Configuration configuration() throws Exception {
        Path dir = dataDir.toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("camel-pop3-ingest-" + serverId)
                .setPersistenceEnabled(true)
                // NIO, not AIO: no native library, the same behaviour on every platform; fsync per durable send.
                .setJournalType(JournalType.NIO)
                .setJournalDatasync(true)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // The analyzer halts the whole JVM on a slow disk, which would take the ingest down with it.
                .setCriticalAnalyzer(false);
        config.addAcceptorConfiguration("in-vm", "vm://" + serverId);
        if (port != NO_TCP_PORT) {
            config.addAcceptorConfiguration("tcp", "tcp://" + TCP_HOST + ":" + port + "?protocols=CORE");
        }
        // Queues appear on first use (Artemis' default); without a dead-letter address a message that a consumer
        // keeps rolling back would be dropped after its delivery attempts, so it goes to DLQ instead.
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                .setAutoCreateDeadLetterResources(true)
                // Messages do not expire unless a sender says so; naming the address silences a warning per queue.
                .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
                .setAutoCreateExpiryResources(true));
        return config;
    }

    private String clientUrl() {
        return port == NO_TCP_PORT ? "vm://" + serverId : "tcp://" + TCP_HOST + ":" + port;
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("Embedded JMS broker stopped; journal kept in {}", dataDir.toAbsolutePath());
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        if (connectionFactory != null) {
            connectionFactory.close();
            connectionFactory = null;
        }
    }

    /**
     * The factory for this broker (in-VM, or TCP when a port is set) whose durable sends return only once the broker
     * has persisted the message; available once the broker has started.
     */
    public ConnectionFactory connectionFactory() {
        if (connectionFactory == null) {
            throw new IllegalStateException("EmbeddedBroker has not been started; call start() first");
        }
        return connectionFactory;
    }

    @ManagedAttribute(description = "Folder of the broker's journal")
    public String getDataDirName() {
        return dataDir.toAbsolutePath().toString();
    }

    @ManagedAttribute(description = "TCP port on 127.0.0.1, 0 when only in-VM clients can connect")
    public int getPort() {
        return port;
    }

    public Path getDataDir() {
        return dataDir;
    }

    /** Folder of the broker's journal, bindings, paging and large messages. */
    public void setDataDir(String dataDir) {
        this.dataDir = Path.of(dataDir);
    }

    /** TCP port on 127.0.0.1 to accept clients from other processes; 0 (the default) opens none. */
    public void setPort(int port) {
        this.port = port;
    }
}
